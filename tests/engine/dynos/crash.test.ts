// Crash restarts follow the policy (small delays injected here; the default is Heroku's): a crash
// loop never gives up, each wait shows as `restartAt`, and a restart or a new release clears it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DynoDTO } from '../../../shared/types.js';
import { fixtureRelease, lines, startSupervisor, waitFor } from './helpers/harness.js';

/** Every state the app's dynos were listed in, with when it was seen. */
const seen: Array<{ dyno: DynoDTO; at: number }> = [];
const t = startSupervisor({
  restartPolicy: { baseDelayMs: 40, maxDelayMs: 200, jitter: 0 },
  random: () => 0.5,
  onDynosChanged: (app) => {
    if (app !== 'crashy') return;
    const at = Date.now();
    for (const dyno of t.sup.list(app)) seen.push({ dyno, at });
  },
});
after(() => t.close());

const web1 = (): DynoDTO | undefined => t.sup.list('crashy').find((d) => d.name === 'web.1');

test('a crash-looping dyno never gives up: it restarts after a growing cool-off, shown as restartAt', async () => {
  await t.sup.apply('crashy', fixtureRelease('dyno-crash'), { web: 1 });
  // Far beyond any give-up count: cool-offs of 0, 40, 80, 160, then 200 ms (the cap) each time.
  await waitFor('eight crashes', () => t.rec.crashed.filter((c) => c.dyno === 'web.1').length >= 8);
  await waitFor('a ninth restart', () => (web1()?.restarts ?? 0) >= 8);
  assert.deepEqual([...new Set(t.rec.crashed.map((c) => c.exitCode))], [3]);
  const text = lines(t.rec, 'web.1');
  assert.ok(text.includes('Process exited with status 3'));
  assert.ok(text.includes('State changed from starting to crashed'));
  assert.ok(text.includes('State changed from crashed to starting'));
  assert.ok(!text.some((l) => /stays crashed|times in a row/.test(l)), 'no give-up line');

  const waiting = seen.filter((s) => s.dyno.name === 'web.1' && s.dyno.restartAt !== null);
  assert.ok(waiting.length >= 7, `a countdown after each crash (saw ${waiting.length})`);
  for (const s of waiting) {
    assert.equal(s.dyno.state, 'crashed');
    assert.equal(s.dyno.pid, null);
    assert.ok((s.dyno.restartAt as number) - s.at <= 200, 'never beyond the cap');
  }
  assert.ok(waiting.some((s) => (s.dyno.restartAt as number) - s.at > 150), 'the cool-off grew to the cap');
  assert.ok(seen.filter((s) => s.dyno.state !== 'crashed').every((s) => s.dyno.restartAt === null), 'only a crashed dyno counts down');

  // ps:restart restarts it at once and resets the count (so it crash-loops from the start again).
  const before = t.rec.crashed.length;
  await t.sup.restart('crashy', 'web');
  assert.equal(web1()?.restartAt, null, 'a user action cancels the pending restart');
  await waitFor('a second crash loop', () => t.rec.crashed.length >= before + 3);

  // A new release that works clears `crashed`.
  await t.sup.apply('crashy', fixtureRelease('dyno-crash', 2, { CRASH: '0' }), { web: 1 });
  await t.sup.settled('crashy', 20_000);
  assert.equal(web1()?.state, 'up');
  assert.equal(web1()?.restartAt, null);
});
