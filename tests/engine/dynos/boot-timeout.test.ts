// R10: a web dyno that never binds $PORT is killed after the boot timeout, with a hint.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureRelease, lines, startSupervisor, waitFor } from './helpers/harness.js';

const t = startSupervisor({ bootTimeoutMs: 1500, restartPolicy: { maxConsecutiveCrashes: 1 } });
after(() => t.close());

test('binding the wrong port ends in R10 with a hint naming the port, counted as a crash', async () => {
  await t.sup.apply('wrong', fixtureRelease('dyno-wrongport'), { web: 1 });
  const bound = await waitFor('the app to bind its port', () => /listening on (\d+)/.exec(t.rec.outputText.get('web.1') ?? '')?.[1]);
  await waitFor('the boot timeout', () => t.rec.crashed.length > 0);
  const text = lines(t.rec, 'web.1');
  assert.ok(text.includes('Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 1.5 seconds of launch'), text.join('\n'));
  const hint = text.find((l) => l.startsWith('Hint:'));
  if (process.platform === 'linux') assert.match(hint ?? '', new RegExp(`listening on port ${bound} instead of \\$PORT`));
  else assert.ok(hint);
  assert.ok(text.includes('State changed from starting to crashed'));
  await waitFor('crashed and stopped', () => t.sup.list('wrong')[0]?.state === 'crashed' && t.sup.list('wrong')[0]?.pid === null);
});
