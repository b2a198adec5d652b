import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { processStartTime } from './proc-start.js';

export interface DataDirLock {
  release(): void;
}

/**
 * One engine per data directory. The lock file records pid and process start time, so a lock left
 * by a dead engine (or by a live process that merely reused its pid) is taken over.
 */
export function acquireLock(dataDir: string): DataDirLock {
  const path = join(dataDir, 'engine.lock');
  const mine = JSON.stringify({ pid: process.pid, start: processStartTime(process.pid) });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, mine);
      closeSync(fd);
      return {
        release() {
          try {
            if (readFileSync(path, 'utf8') === mine) unlinkSync(path);
          } catch { /* already gone */ }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw notWritableError(dataDir, err) ?? err;
      const holder = readHolder(path);
      if (holder && isAlive(holder.pid) && processStartTime(holder.pid) === holder.start) {
        throw new UserError(`Another Dynodesk engine (pid ${holder.pid}) is already using ${dataDir}. Stop it first, or set DYNODESK_HOME to another folder.`, 'conflict');
      }
      try {
        unlinkSync(path);
      } catch (unlinkErr) {
        // A stale lock we may not remove is a folder we may not write, not a race with another engine.
        const denied = notWritableError(dataDir, unlinkErr);
        if (denied) throw denied;
        /* otherwise gone already: another taker raced us */
      }
    }
  }
  throw new UserError(`Could not lock ${dataDir}: another engine is starting at the same time.`, 'conflict');
}

/** Error codes that mean the data directory can't be written at all, and how to say so. */
const NOT_WRITABLE: Readonly<Record<string, string>> = {
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
};

/**
 * The error to show when taking the lock failed because the folder can't be written, or null for
 * any other failure. Without it a read-only data dir looked like another engine starting.
 */
export function notWritableError(dataDir: string, err: unknown): UserError | null {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const cause = code === undefined ? undefined : NOT_WRITABLE[code];
  if (cause === undefined) return null;
  const detail = err instanceof Error ? err.message : String(err);
  return new UserError(`Cannot write to the data directory ${dataDir} (${cause}): ${detail}. `
    + 'Dynodesk keeps its lock, state and control socket there: make it writable, or set DYNODESK_HOME to a folder you can write to.', 'failed');
}

function readHolder(path: string): { pid: number; start: string | null } | null {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown; start?: unknown };
    if (typeof data.pid !== 'number') return null;
    return { pid: data.pid, start: typeof data.start === 'string' ? data.start : null };
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
