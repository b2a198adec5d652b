// CPU% and memory of a set of processes between two snapshots: pure, so it can be unit-tested.
import type { ProcessTable } from './process-table.js';

export interface CpuMark {
  startTime: string;
  cpuMs: number;
}

/** CPU time per pid at the previous sample, to take deltas from. */
export type CpuMarks = Map<number, CpuMark>;

export interface TreeUsage {
  /** Percent of one core (200 = two cores busy); null on the first sample. */
  cpuPercent: number | null;
  memoryBytes: number;
  marks: CpuMarks;
}

export function treeUsage(table: ProcessTable, pids: number[], previous: CpuMarks | null, elapsedMs: number): TreeUsage {
  const marks: CpuMarks = new Map();
  let memoryBytes = 0;
  let cpuMs = 0;
  for (const pid of pids) {
    const p = table.get(pid);
    if (!p || p.zombie) continue;
    memoryBytes += p.rssBytes;
    marks.set(pid, { startTime: p.startTime, cpuMs: p.cpuMs });
    const before = previous?.get(pid);
    // A process new since the last sample contributes from its next sample on.
    if (before && before.startTime === p.startTime) cpuMs += Math.max(0, p.cpuMs - before.cpuMs);
  }
  const cpuPercent = previous && elapsedMs > 0 ? Math.round((cpuMs / elapsedMs) * 1000) / 10 : null;
  return { cpuPercent, memoryBytes, marks };
}
