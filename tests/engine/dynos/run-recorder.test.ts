// Runs in the orphan record: every run is recorded, but only the ones that asked for it are walked
// every second by the fallback tracker. An add-on server (untracked) runs for as long as the engine
// does, so a tracked one would cost a /proc walk a second for nothing.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessScanner } from '../../../electron/engine/metrics/process-scanner.js';
import { TRACK_INTERVAL_MS } from '../../../electron/engine/dynos/membership-tracker.js';
import { RecordedRuns } from '../../../electron/engine/dynos/run-recorder.js';
import { startSupervisor, waitFor } from './helpers/harness.js';

const linuxOnly = { skip: process.platform !== 'linux' && 'reads /proc' };

test('an untracked run is recorded, but not listed for tracking', () => {
  let changes = 0;
  const runs = new RecordedRuns(() => { changes++; });
  const untracked = runs.recorder('(add-ons)', 'heroku-postgresql').started(process.pid, { tracked: false });
  assert.deepEqual(runs.trackedTrees(), []);
  assert.deepEqual(runs.record().map((r) => [r.pid, r.dyno, r.root]), [[process.pid, 'heroku-postgresql', true]]);
  const tracked = runs.recorder('shop', 'build').started(process.pid);
  assert.equal(runs.trackedTrees().length, 1, 'tracked by default');
  untracked();
  tracked();
  assert.deepEqual(runs.record(), []);
  assert.equal(changes, 4, 'each start and end rewrites the record');
});

test('the supervisor walks /proc every second only while a tracked run is recorded', linuxOnly, async (t) => {
  // Counted on the real scanner the supervisor builds; no metrics sample, no dynos: only the tracker scans.
  const original = ProcessScanner.prototype.snapshot;
  let scans = 0;
  ProcessScanner.prototype.snapshot = function (this: ProcessScanner, maxAgeMs?: number) {
    scans++;
    return original.call(this, maxAgeMs);
  };
  after(() => { ProcessScanner.prototype.snapshot = original; });
  const s = startSupervisor({ reaper: null, sampleIntervalMs: 600_000 });
  t.after(() => s.close());
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  t.after(() => child.kill('SIGKILL'));
  const pid = child.pid as number;

  const server = s.sup.processRecorder('(add-ons)', 'heroku-redis:r').started(pid, { tracked: false });
  const recorded = (): number[] => {
    try {
      return (JSON.parse(readFileSync(join(s.dataDir, 'dynos.json'), 'utf8')) as { processes: Array<{ pid: number }> }).processes.map((p) => p.pid);
    } catch {
      return [];
    }
  };
  await waitFor('dynos.json to record the untracked run', () => recorded().includes(pid), 5000);
  await new Promise((resolve) => setTimeout(resolve, 3 * TRACK_INTERVAL_MS));
  assert.equal(scans, 0, 'an untracked run alone costs no scan');
  server();

  // The same process as a tracked run (a build without the reaper) is walked: the count above can move.
  const build = s.sup.processRecorder('shop', 'build').started(pid);
  await waitFor('the tracker to scan for the tracked run', () => scans > 0, 5 * TRACK_INTERVAL_MS);
  build();
});
