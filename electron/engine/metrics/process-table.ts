// One snapshot of every process on the machine: parentage, session, start time, CPU time, RSS.
// Linux reads /proc; macOS asks `ps` once per snapshot; Windows has no cheap equivalent (null).
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

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

/** Parse /proc/<pid>/stat; the command name is parenthesised and may contain spaces or ')'. */
export function parseProcStat(text: string): ProcInfo | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const f = text.slice(close + 2).split(' ');
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
    rssBytes: Number.isFinite(rssPages) ? rssPages * linuxPageSize() : 0,
    zombie: state === 'Z' || state === 'X',
  };
}

/** The kernel page size, derived once by comparing our own RSS in pages and in kB. */
function linuxPageSize(): number {
  if (pageSize !== null) return pageSize;
  pageSize = 4096;
  try {
    const status = readFileSync('/proc/self/status', 'latin1');
    const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
    const stat = readFileSync('/proc/self/stat', 'latin1');
    const pages = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[21]);
    if (kb > 0 && pages > 0) {
      const ratio = (kb * 1024) / pages;
      // RSS moves between the two reads; snap to the nearest plausible page size.
      pageSize = [4096, 16384, 65536].reduce((best, p) => (Math.abs(p - ratio) < Math.abs(best - ratio) ? p : best), 4096);
    }
  } catch { /* keep 4096 */ }
  return pageSize;
}

export function readLinuxProcess(pid: number): ProcInfo | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return null;
  }
}

function readLinuxTable(): ProcessTable {
  const table: ProcessTable = new Map();
  let names: string[];
  try { names = readdirSync('/proc'); } catch { return table; }
  for (const name of names) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue; // not a pid folder
    const info = readLinuxProcess(Number(name));
    if (info) table.set(info.pid, info);
  }
  return table;
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
