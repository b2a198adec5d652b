// At engine start: kill what a previous engine's dynos left running. A process is only killed if
// its pid AND start time match the record (never a stranger that reused the pid), or if it still
// belongs to the session or group of a recorded dyno root (the kernel keeps those ids reserved).
import { readProcessTable, type ProcessTable } from '../metrics/process-table.js';
import { collectTree, isAlive, signalProcess, type ProcessRef } from './process-tree.js';
import type { RecordedProcess } from './dyno-record.js';

const SWEEP_WAIT_MS = 5000;
const SWEEP_POLL_MS = 50;

/** The processes to kill, given the record and a snapshot of the machine. Pure. */
export function orphansToKill(recorded: RecordedProcess[], table: ProcessTable): ProcessRef[] {
  const verified = new Set<number>();
  const rootsUsable: number[] = [];
  for (const r of recorded) {
    const now = table.get(r.pid);
    const same = now !== undefined && !now.zombie && now.startTime === r.startTime;
    if (same) verified.add(r.pid);
    // A root that is gone still names its leftover session/group; one reused by a stranger does not.
    if (r.root && (same || now === undefined)) rootsUsable.push(r.pid);
  }
  const found = new Set<number>(verified);
  for (const root of rootsUsable) {
    for (const pid of collectTree(table, root, [])) {
      if (pid === root && !verified.has(pid)) continue;
      found.add(pid);
    }
  }
  // Children of verified leftovers are leftovers too.
  for (const pid of collectTree(table, -1, verified)) found.add(pid);
  const refs: ProcessRef[] = [];
  for (const pid of found) {
    const info = table.get(pid);
    if (!info || info.zombie || pid === process.pid) continue;
    refs.push({ pid, startTime: info.startTime });
  }
  return refs;
}

/** Kill the leftovers and wait (bounded) until they are gone. Returns how many were killed. */
export async function sweepRecordedOrphans(
  recorded: RecordedProcess[],
  readTable: () => Promise<ProcessTable> = readProcessTable,
): Promise<number> {
  if (recorded.length === 0) return 0;
  const victims = orphansToKill(recorded, await readTable());
  let killed = 0;
  for (const v of victims) if (signalProcess(v, 'SIGKILL')) killed++;
  const deadline = Date.now() + SWEEP_WAIT_MS;
  while (victims.some(isAlive) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, SWEEP_POLL_MS));
  }
  return killed;
}
