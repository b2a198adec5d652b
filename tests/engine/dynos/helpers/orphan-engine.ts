// A throwaway "engine" for the orphan-sweep test: runs an uncontained Supervisor with the stubborn fixture,
// prints READY once dynos.json records all four processes, then waits to be SIGKILLed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Supervisor } from '../../../../electron/engine/dynos/supervisor.js';
import { fixtureRelease, recordingHooks, waitFor } from './harness.js';

const [dataDir, pidsFile] = process.argv.slice(2);
if (!dataDir || !pidsFile) throw new Error('usage: orphan-engine.ts DATA_DIR PIDS_FILE');

const { hooks } = recordingHooks({ keepText: false });
// Uncontained: the reaper would take the whole dyno down with this engine, leaving the sweep nothing to do.
const sup = new Supervisor({ dataDir, bootTimeoutMs: 20_000, graceMs: 1000, hooks, reaper: null });
await sup.apply('leftover', fixtureRelease('dyno-stubborn', 1, { PIDS_FILE: pidsFile }), { web: 1 });
await sup.settled('leftover', 20_000);
const wanted = await waitFor('four stubborn processes', () => {
  const lines = readFileSync(pidsFile, 'utf8').trim().split('\n');
  return lines.length === 4 ? lines.map((l) => Number(l.split(' ')[1])) : null;
});
await waitFor('dynos.json to record every process', async () => {
  await sup.sampleMetrics();
  let recorded: number[] = [];
  try {
    recorded = (JSON.parse(readFileSync(join(dataDir, 'dynos.json'), 'utf8')) as { processes: Array<{ pid: number }> }).processes.map((p) => p.pid);
  } catch { /* not written yet */ }
  return wanted.every((pid) => recorded.includes(pid));
});
process.stdout.write('READY\n');
setInterval(() => undefined, 60_000);
