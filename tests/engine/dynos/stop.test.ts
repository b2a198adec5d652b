// Stopping leaves nothing running: SIGTERM to the group, SIGKILL after the grace period to the
// group and every descendant seen, including one that started its own session.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureRelease, lines, pidAlive, startSupervisor, tempDir, waitFor } from './helpers/harness.js';

const t = startSupervisor({ graceMs: 500 });
const tmp = tempDir();
after(async () => {
  await t.close();
  tmp.remove();
});

function readPids(file: string): Map<string, number> {
  const out = new Map<string, number>();
  let text = '';
  try { text = readFileSync(file, 'utf8'); } catch { return out; }
  for (const line of text.split('\n')) {
    const [role, pid] = line.split(' ');
    if (role && pid) out.set(role, Number(pid));
  }
  return out;
}

function sessionOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
}

test('a stubborn app that ignores SIGTERM and leaves children is killed completely', { skip: process.platform !== 'linux' && 'needs /proc' }, async () => {
  const pidsFile = join(tmp.dir, 'pids');
  await t.sup.apply('stubborn', fixtureRelease('dyno-stubborn', 1, { PIDS_FILE: pidsFile }), { web: 1 });
  await t.sup.settled('stubborn', 20_000);
  const pids = await waitFor('all four stubborn processes', () => { const p = readPids(pidsFile); return p.size === 4 ? p : null; });
  const main = pids.get('main') as number;
  const session = pids.get('session') as number;
  assert.equal(t.sup.list('stubborn')[0]?.pid, main);
  assert.notEqual(sessionOf(session), sessionOf(main), 'the session child escaped the dyno session');
  for (const pid of pids.values()) assert.ok(pidAlive(pid));

  await t.sup.removeApp('stubborn');
  for (const [role, pid] of pids) assert.equal(pidAlive(pid), false, `${role} (${pid}) is gone`);
  const text = lines(t.rec, 'web.1');
  assert.ok(text.includes('Stopping all processes with SIGTERM'));
  assert.ok(text.includes('Error R12 (Exit timeout) -> At least one process failed to exit within 0.5 seconds of SIGTERM'));
  assert.ok(text.includes('Stopping remaining processes with SIGKILL'));
  assert.ok(text.includes('Process exited with status 137'));
  assert.deepEqual(t.sup.list('stubborn'), []);
});

test('children a crashed dyno leaves behind die with it', { skip: process.platform !== 'linux' && 'needs /proc' }, async () => {
  const pidsFile = join(tmp.dir, 'pids-crash');
  await t.sup.apply('orphaner', fixtureRelease('dyno-stubborn', 1, { PIDS_FILE: pidsFile }), { web: 1 });
  await t.sup.settled('orphaner', 20_000);
  const pids = await waitFor('all four processes', () => { const p = readPids(pidsFile); return p.size === 4 ? p : null; });
  // Let the supervisor learn the tree (it does at `up` and on every metrics sample).
  await t.sup.sampleMetrics();
  process.kill(pids.get('main') as number, 'SIGKILL');
  await waitFor('every leftover killed', () => [...pids.values()].every((pid) => !pidAlive(pid)));
  await waitFor('the crash reported', () => t.rec.crashed.some((c) => c.dyno === 'web.1'));
  await t.sup.removeApp('orphaner');
});
