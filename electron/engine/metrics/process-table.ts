// One snapshot of every process on the machine: parentage, session, start time, CPU time, RSS.
// Linux reads /proc; macOS asks `ps` once per snapshot; Windows has no cheap equivalent (null).
// A snapshot is read in small batches of direct reads, yielding to the event loop between batches:
// the engine's main thread owns state and IPC, so no tick may hold it for long, but asynchronous file
// APIs cost three thread-pool round trips per tiny /proc file (open, read, close), which tripled the
// engine's idle CPU with 20 dynos. A batch of 32 reads takes well under a millisecond.
import { execFile } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';

export interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** Session id; 0 where the platform does not tell. */
  sid: number;
  /** Opaque start time: equal strings mean the same process, not a later one that reused the pid. */
  startTime: string;
  /** User + system CPU time consumed so far, in ms. */
  cpuMs: number;
  rssBytes: number;
  zombie: boolean;
}

export type ProcessTable = Map<number, ProcInfo>;

/** Linux reports CPU time in clock ticks; USER_HZ is 100 on every mainstream kernel build. */
const LINUX_TICK_MS = 10;
let pageSize: number | null = null;

/** How many /proc/<pid>/stat files a snapshot reads before it yields to the event loop. */
export const PROC_READ_BATCH = 32;

/** Parse /proc/<pid>/stat; the command name is parenthesised and may contain spaces or ')'. */
export function parseProcStat(text: string, pageBytes: number = linuxPageSize()): ProcInfo | null {
  const nameStart = text.indexOf('(');
  const nameEnd = text.lastIndexOf(')');
  if (nameStart < 0 || nameEnd < nameStart) return null;
  const pid = Number(text.slice(0, nameStart).trim());
  const f = text.slice(nameEnd + 2).split(' ');
  // f[0] is field 3 (state); field N is f[N - 3].
  const state = f[0] ?? '';
  const ppid = Number(f[1]);
  const pgid = Number(f[2]);
  const sid = Number(f[3]);
  const ticks = Number(f[11]) + Number(f[12]);
  const startTime = f[19];
  const rssPages = Number(f[21]);
  if (!Number.isInteger(pid) || !Number.isInteger(ppid) || startTime === undefined) return null;
  return {
    pid, ppid, pgid, sid, startTime,
    cpuMs: Number.isFinite(ticks) ? ticks * LINUX_TICK_MS : 0,
    rssBytes: Number.isFinite(rssPages) ? rssPages * pageBytes : 0,
    zombie: state === 'Z' || state === 'X',
  };
}

/** The kernel page size, derived once by comparing our own RSS in pages and in kB. */
function linuxPageSize(): number {
  if (pageSize !== null) return pageSize;
  try {
    pageSize = pageSizeFrom(readFileSync('/proc/self/status', 'latin1'), readFileSync('/proc/self/stat', 'latin1'));
  } catch {
    pageSize = 4096;
  }
  return pageSize;
}

function pageSizeFrom(status: string, stat: string): number {
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
  const pages = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[21]);
  if (!(kb > 0 && pages > 0)) return 4096;
  const ratio = (kb * 1024) / pages;
  // RSS moves between the two reads; snap to the nearest plausible page size.
  return [4096, 16384, 65536].reduce((best, p) => (Math.abs(p - ratio) < Math.abs(best - ratio) ? p : best), 4096);
}

/**
 * Synchronous, for the few callers that must not await between looking and acting (check a
 * pid's start time, then signal it). The periodic snapshot never comes through here.
 */
export function readLinuxProcess(pid: number): ProcInfo | null {
  const text = readStatText(pid);
  return text === null ? null : parseProcStat(text);
}

/** /proc/<pid>/stat is well under 1 KB (the command name is at most 64 bytes); one read gets it whole. */
const statBuffer = Buffer.allocUnsafe(4096);

function readStatText(pid: number): string | null {
  let fd = -1;
  try {
    fd = openSync(`/proc/${pid}/stat`, 'r');
    const n = readSync(fd, statBuffer, 0, statBuffer.length, 0);
    return statBuffer.toString('latin1', 0, n);
  } catch {
    return null; // the process exited between the listing and this read: skip it
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/**
 * Reads the given pids' stat files, `batch` at a time with a turn of the event loop in between. A pid
 * that is gone by the time its turn comes is left out, never an error: processes come and go during
 * every scan.
 */
export async function readLinuxProcesses(pids: readonly number[], batch = PROC_READ_BATCH): Promise<ProcessTable> {
  const table: ProcessTable = new Map();
  const pageBytes = linuxPageSize();
  const step = Math.max(1, batch);
  for (let i = 0; i < pids.length; i += step) {
    if (i > 0) await nextTurn();
    for (const pid of pids.slice(i, i + step)) {
      const text = readStatText(pid);
      const info = text === null ? null : parseProcStat(text, pageBytes);
      if (info) table.set(info.pid, info);
    }
  }
  return table;
}

async function readLinuxTable(): Promise<ProcessTable> {
  let names: string[];
  try { names = await readdir('/proc'); } catch { return new Map(); }
  const pids: number[] = [];
  for (const name of names) {
    const c = name.charCodeAt(0);
    if (c >= 48 && c <= 57) pids.push(Number(name)); // a pid folder
  }
  return readLinuxProcesses(pids);
}

/** `ps` columns: pid ppid pgid rss(kB) cputime lstart(5 words). */
export function parsePsOutput(text: string): ProcessTable {
  const table: ProcessTable = new Map();
  for (const line of text.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 10) continue;
    const [pid, ppid, pgid, rss, time, ...start] = parts;
    const info: ProcInfo = {
      pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), sid: 0,
      startTime: start.join(' '), cpuMs: parseCpuTime(time ?? ''), rssBytes: Number(rss) * 1024, zombie: false,
    };
    if (Number.isInteger(info.pid)) table.set(info.pid, info);
  }
  return table;
}

/** `ps` cputime: [[dd-]hh:]mm:ss[.ss] */
function parseCpuTime(text: string): number {
  const [dayPart, rest] = text.includes('-') ? text.split('-') : ['0', text];
  const pieces = (rest ?? '').split(':').map(Number);
  let seconds = 0;
  for (const p of pieces) seconds = seconds * 60 + (Number.isFinite(p) ? p : 0);
  return (Number(dayPart) * 86400 + seconds) * 1000;
}

function readPsTable(): Promise<ProcessTable> {
  return new Promise((resolve) => {
    execFile('ps', ['-A', '-o', 'pid=,ppid=,pgid=,rss=,time=,lstart='], { encoding: 'utf8', timeout: 5000, env: { ...process.env, LC_ALL: 'C' } },
      (err, stdout) => resolve(err ? new Map() : parsePsOutput(stdout)));
  });
}

/** Whether this platform can list processes at all (Windows: no). */
export function canReadProcesses(platform: NodeJS.Platform = process.platform): boolean {
  return platform !== 'win32';
}

export async function readProcessTable(): Promise<ProcessTable> {
  if (process.platform === 'linux') return readLinuxTable();
  if (!canReadProcesses()) return new Map();
  return readPsTable();
}

/** Synchronous start time, Linux only (elsewhere null): used where an await would open a race. */
export function readStartTimeSync(pid: number): string | null {
  if (process.platform !== 'linux') return null;
  const info = readLinuxProcess(pid);
  return info && !info.zombie ? info.startTime : null;
}
