// R10: a web dyno that never binds $PORT is killed after the boot timeout, with a hint.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureRelease, lines, pidAlive, startSupervisor, waitFor } from './helpers/harness.js';

const t = startSupervisor({ bootTimeoutMs: 1500 });
after(() => t.close());

test('binding the wrong port ends in R10 with a hint naming the port, counted as a crash', async () => {
  await t.sup.apply('wrong', fixtureRelease('dyno-wrongport'), { web: 1 });
  const bound = await waitFor('the app to bind its port', () => /listening on (\d+)/.exec(t.rec.outputText.get('web.1') ?? '')?.[1]);
  const pid = t.sup.list('wrong')[0]?.pid;
  assert.ok(pid);
  await waitFor('the boot timeout', () => t.rec.crashed.length > 0);
  const text = lines(t.rec, 'web.1');
  assert.ok(text.includes('Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 1.5 seconds of launch'), text.join('\n'));
  const hint = text.find((l) => l.startsWith('Hint:'));
  if (process.platform === 'linux') assert.match(hint ?? '', new RegExp(`listening on port ${bound} instead of \\$PORT`));
  else assert.ok(hint);
  assert.ok(text.includes('State changed from starting to crashed'));
  await waitFor('the timed-out process gone', () => !pidAlive(pid));
  // A first crash restarts at once, as on Heroku.
  await waitFor('the restart', () => t.sup.list('wrong')[0]?.restarts === 1);
});
