// Crash restarts follow the policy (small delays injected here; the default is Heroku-like),
// a crash loop ends in `crashed`, and a new release or a restart clears it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureRelease, lines, startSupervisor, waitFor } from './helpers/harness.js';

const t = startSupervisor({
  restartPolicy: { baseDelayMs: 40, maxDelayMs: 200, maxConsecutiveCrashes: 4, jitter: 0 },
  random: () => 0.5,
});
after(() => t.close());

test('a crash-looping dyno restarts with backoff, then stays crashed', async () => {
  await t.sup.apply('crashy', fixtureRelease('dyno-crash'), { web: 1 });
  await waitFor('four crashes', () => t.rec.crashed.filter((c) => c.dyno === 'web.1').length >= 4);
  await waitFor('the give-up line', () => lines(t.rec, 'web.1').some((l) => l.startsWith('Process crashed 4 times')));
  const d = t.sup.list('crashy')[0];
  assert.equal(d?.state, 'crashed');
  assert.equal(d?.restarts, 3, 'crash 1 → restart, 2 → restart, 3 → restart, 4 → give up');
  assert.equal(d?.exitCode, 3);
  assert.equal(d?.pid, null);
  assert.deepEqual(t.rec.crashed.map((c) => c.exitCode), [3, 3, 3, 3]);
  const web1 = lines(t.rec, 'web.1');
  assert.ok(web1.includes('Process exited with status 3'));
  assert.ok(web1.includes('State changed from starting to crashed'));
  assert.ok(web1.includes('State changed from crashed to starting'));
  await t.sup.settled('crashy', 5000); // `crashed` is a resting state
  // Stays crashed: nothing else happens on its own.
  const crashes = t.rec.crashed.length;
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(t.rec.crashed.length, crashes);

  // ps:restart brings it back (and it crash-loops again: a user action resets the count).
  await t.sup.restart('crashy', 'web');
  await waitFor('a second crash loop', () => t.rec.crashed.length >= crashes + 4);

  // A new release that works clears `crashed`.
  await t.sup.apply('crashy', fixtureRelease('dyno-crash', 2, { CRASH: '0' }), { web: 1 });
  await t.sup.settled('crashy', 20_000);
  assert.equal(t.sup.list('crashy')[0]?.state, 'up');
});

test('a new release that crashes takes the old web dyno down and ends crashed (no half-rolled state)', async () => {
  await t.sup.apply('badrelease', fixtureRelease('dyno-crash', 1, { CRASH: '0' }), { web: 1 });
  await t.sup.settled('badrelease', 20_000);
  const old = t.sup.list('badrelease')[0];
  assert.equal(old?.state, 'up');
  await t.sup.apply('badrelease', fixtureRelease('dyno-crash', 2), { web: 1 });
  await waitFor('the slot to end crashed', () => {
    const d = t.sup.list('badrelease');
    return d.length === 1 && d[0]?.state === 'crashed' && lines(t.rec, 'web.1').some((l) => l.startsWith('Process crashed 4 times'));
  });
  await t.sup.settled('badrelease', 5000);
  const d = t.sup.list('badrelease');
  assert.deepEqual(d.map((x) => x.name), ['web.1']);
  assert.equal(d[0]?.pid, null);
  assert.ok(t.rec.beforeStop.includes('web.1'), 'the old one was drained before it stopped');
});
