// A dyno's process tree as the supervisor has seen it: the root (the pty's session leader) and
// every descendant ever observed, with start times, so a stop can kill children that escaped
// into their own session or were reparented after their parent died.
import { processIndex } from '../metrics/process-index.js';
import { readLinuxProcess, type ProcessTable } from '../metrics/process-table.js';

export interface ProcessRef {
  pid: number;
  /** Opaque; null when the platform can't tell (then we trust the pid alone). */
  startTime: string | null;
}

/**
 * Every process belonging to the tree rooted at `root`: descendants of the root and of any
 * already-known member (so reparented orphans and their children stay ours), plus anything
 * still in the root's session or process group (a pid is not reused while it names a live
 * session or group, so those members are the dyno's).
 */
export function collectTree(table: ProcessTable, rootPid: number, known: Iterable<number>): number[] {
  // The snapshot's shared index: built once per snapshot, not once per dyno.
  const { children, bySession, byGroup } = processIndex(table);
  const members = new Set<number>();
  const queue: number[] = [rootPid, ...known, ...(bySession.get(rootPid) ?? []), ...(byGroup.get(rootPid) ?? [])];
  // Bounded: every pid is visited at most once and the table is finite.
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    if (members.has(pid) || !table.has(pid)) continue;
    members.add(pid);
    for (const c of children.get(pid) ?? []) queue.push(c);
  }
  return [...members];
}

/** The processes of one dyno generation. */
export class ProcessTree {
  private readonly seen = new Map<number, string | null>();

  constructor(readonly root: ProcessRef) {}

  /** Everything we know of, root first. */
  members(): ProcessRef[] {
    return [this.root, ...[...this.seen].map(([pid, startTime]) => ({ pid, startTime }))];
  }

  descendantCount(): number {
    return this.seen.size;
  }

  /** Learn new descendants from a snapshot; forget ones that are gone. Returns whether membership changed. */
  update(table: ProcessTable): boolean {
    let changed = false;
    for (const [pid, start] of this.seen) {
      const now = table.get(pid);
      if (!now || now.zombie || (start !== null && now.startTime !== start)) {
        this.seen.delete(pid);
        changed = true;
      }
    }
    const rootInfo = table.get(this.root.pid);
    // A dead root's session and group still name our leftovers (the kernel does not reuse the pid
    // meanwhile); a root pid that now belongs to someone else does not, so then only follow what we knew.
    const rootUsable = rootInfo === undefined || rootInfo.zombie
      || this.root.startTime === null || rootInfo.startTime === this.root.startTime;
    const pids = collectTree(table, rootUsable ? this.root.pid : -1, this.seen.keys());
    for (const pid of pids) {
      if (pid === this.root.pid || this.seen.has(pid)) continue;
      const info = table.get(pid);
      if (!info || info.zombie) continue;
      this.seen.set(pid, info.startTime);
      changed = true;
    }
    return changed;
  }

  /** Live members (root included), verified against their start times. */
  alive(): ProcessRef[] {
    return this.members().filter(isAlive);
  }

  /** Signal every live member and the root's process group. */
  signal(signal: NodeJS.Signals): void {
    signalGroup(this.root, signal);
    for (const ref of this.members()) signalProcess(ref, signal);
  }
}

export function isAlive(ref: ProcessRef): boolean {
  if (process.platform === 'linux') {
    const info = readLinuxProcess(ref.pid);
    return info !== null && !info.zombie && (ref.startTime === null || info.startTime === ref.startTime);
  }
  try {
    process.kill(ref.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Send a signal only if the pid still names the same process (never a stranger that reused it). */
export function signalProcess(ref: ProcessRef, signal: NodeJS.Signals): boolean {
  if (ref.pid <= 1 || ref.pid === process.pid) return false;
  if (!isAlive(ref)) return false;
  try {
    process.kill(ref.pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Signal the process group led by the root, while the root is still ours or its group lives on. */
export function signalGroup(root: ProcessRef, signal: NodeJS.Signals): void {
  if (root.pid <= 1 || process.platform === 'win32') return;
  if (process.platform === 'linux' && !groupIsOurs(root)) return;
  try { process.kill(-root.pid, signal); } catch { /* group already empty */ }
}

/**
 * The group id equals the root's pid. Linux does not reuse a pid while a group of that id exists,
 * so the group is ours if the root is ours, or if the root is gone (then the pid can only name
 * the leftover group, or nothing).
 */
function groupIsOurs(root: ProcessRef): boolean {
  const info = readLinuxProcess(root.pid);
  if (info === null || info.zombie) return true;
  return root.startTime === null || info.startTime === root.startTime;
}
