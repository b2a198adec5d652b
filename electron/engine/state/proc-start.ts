import { readStartTimeSync } from '../metrics/process-table.js';
import { execFileSync } from 'node:child_process';

/** A process's start time as an opaque string, to tell a live process from one that reused its pid. */
export function processStartTime(pid: number): string | null {
  if (process.platform === 'linux') return readStartTimeSync(pid);
  if (process.platform === 'win32') return null;
  try {
    return execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}
