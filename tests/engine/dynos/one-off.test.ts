// One-off dynos and the app's log, as on Heroku: an attached one-off's output stays in its terminal
// (the log gets its start and stop lines only); a detached one's output is logged as run.N; stopping
// a one-off ends it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureRelease, pidAlive, startSupervisor, waitFor } from './helpers/harness.js';

const t = startSupervisor({ graceMs: 1000 });
after(() => t.close());
const release = fixtureRelease('dyno-worker');
const SIZE = { cols: 80, rows: 24 };

test('an attached one-off prints to its terminal only; the log gets its start and stop lines', async () => {
  const dto = await t.sup.runOneOff('oneoffs', release, 'echo attached-secret-$DYNO', SIZE);
  let screen = '';
  let exit: number | null | undefined;
  const sub = t.sup.openTerminal('oneoffs', dto.name, { data: (d) => { screen += d; }, exit: (c) => { exit = c; } });
  await waitFor('the one-off to end', () => exit !== undefined);
  sub.close();
  assert.match(sub.scrollback + screen, /attached-secret-run\.1/);
  assert.equal(t.rec.output.get('run.1'), undefined, 'no output reached the log');
  const text = t.rec.lifecycle.filter((l) => l.app === 'oneoffs').map((l) => l.text);
  assert.equal(text[0], 'Starting process with command `echo attached-secret-$DYNO` by user');
  assert.ok(text.includes('Process exited with status 0'), text.join('\n'));
  assert.ok(text.includes('State changed from up to complete'), text.join('\n'));
  assert.ok(!text.some((l) => l.endsWith(' to down')), 'a one-off ends in complete');
});

test('a detached one-off logs its output as run.N', async () => {
  const dto = await t.sup.runOneOff('detached', release, 'echo detached-$DYNO; echo second line', SIZE, true);
  assert.equal(dto.name, 'run.1');
  await waitFor('its output in the log', () => /detached-run\.1\r?\nsecond line/.test(t.rec.outputText.get('run.1') ?? ''));
  await waitFor('it to leave the list', () => t.sup.list('detached').length === 0);
});

test('stopping a one-off ends it (ps:stop, ps:kill)', async () => {
  const dto = await t.sup.runOneOff('killed', release, 'sleep 600', SIZE, true);
  assert.ok(dto.pid);
  await t.sup.stopDyno('killed', dto.name);
  await waitFor('the one-off gone from the list', () => t.sup.list('killed').length === 0);
  assert.equal(pidAlive(dto.pid), false);
  const text = t.rec.lifecycle.filter((l) => l.app === 'killed').map((l) => l.text);
  assert.ok(text.includes('Stopping all processes with SIGTERM'), text.join('\n'));
  assert.ok(text.includes('State changed from stopping to complete'), text.join('\n'));
  assert.ok(!text.some((l) => l.endsWith(' to down')), 'a one-off ends in complete');
});
