// Lookups over one process snapshot: children by parent, members by session and by group. Every
// dyno's tree is walked from the same index, so a snapshot costs one pass over the machine's
// processes however many dynos run (not one pass per dyno).
import type { ProcessTable } from './process-table.js';

export interface ProcessIndex {
  children: ReadonlyMap<number, readonly number[]>;
  /** Keyed by session id; sid 0 (the platform does not tell) is left out. */
  bySession: ReadonlyMap<number, readonly number[]>;
  byGroup: ReadonlyMap<number, readonly number[]>;
}

// Keyed by the table object: a snapshot is never changed after it is read, and dropping the
// table drops its index with it.
const cache = new WeakMap<ProcessTable, ProcessIndex>();
let builds = 0;

/** The index of this snapshot, built on first use and shared by every later caller. */
export function processIndex(table: ProcessTable): ProcessIndex {
  const cached = cache.get(table);
  if (cached) return cached;
  const children = new Map<number, number[]>();
  const bySession = new Map<number, number[]>();
  const byGroup = new Map<number, number[]>();
  for (const p of table.values()) {
    append(children, p.ppid, p.pid);
    if (p.sid !== 0) append(bySession, p.sid, p.pid);
    append(byGroup, p.pgid, p.pid);
  }
  const index: ProcessIndex = { children, bySession, byGroup };
  cache.set(table, index);
  builds++;
  return index;
}

/** How many indexes have been built in this process (diagnostics and tests). */
export function processIndexBuilds(): number {
  return builds;
}

function append(map: Map<number, number[]>, key: number, pid: number): void {
  const list = map.get(key);
  if (list) list.push(pid);
  else map.set(key, [pid]);
}
