// Fallback tracking (no reaper): a process that leaves the dyno's session and group is only ours if a
// snapshot saw it while still a descendant, so uncontained trees are refreshed every second, not
// only at the 3 s metrics sample; and what is learned goes into dynos.json for the orphan sweep.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureRelease, pidAlive, startSupervisor, waitFor } from './helpers/harness.js';

const linuxOnly = { skip: process.platform !== 'linux' && 'reads /proc' };
// No metrics sample during the test: only the tracker can learn the late child.
const t = startSupervisor({ reaper: null, sampleIntervalMs: 600_000 });
after(() => t.close());

function markedSleeps(mark: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (!readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(`MARK=${mark}`)) continue;
      if (readFileSync(`/proc/${name}/cmdline`, 'latin1') === 'sleep\u000061\u0000' && pidAlive(Number(name))) out.push(Number(name));
    } catch { /* gone */ }
  }
  return out;
}

function recordedPids(): number[] {
  try {
    return (JSON.parse(readFileSync(join(t.dataDir, 'dynos.json'), 'utf8')) as { processes: Array<{ pid: number }> }).processes.map((p) => p.pid);
  } catch {
    return [];
  }
}

test('uncontained, a child that calls setsid after boot is recorded within seconds and stopped with its dyno', linuxOnly, async () => {
  const mark = randomUUID();
  const base = fixtureRelease('dyno-worker', 1, { MARK: mark });
  // Up at once (a worker); 1.5 s later a new process starts and leaves the session, its parent staying.
  const release = { ...base, commands: { worker: 'sleep 1.5 && { setsid sleep 61; true; } & wait' } };
  await t.sup.apply('late', release, { worker: 1 });
  await t.sup.settled('late', 20_000);
  const [late] = await waitFor('the late setsid child', () => { const s = markedSleeps(mark); return s.length === 1 ? s : null; }, 10_000);
  assert.ok(late);
  await waitFor('dynos.json to record it', () => recordedPids().includes(late), 5000);
  await t.sup.removeApp('late');
  assert.equal(pidAlive(late), false, 'stopped with its dyno');
});
