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
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(path);
      if (holder && isAlive(holder.pid) && processStartTime(holder.pid) === holder.start) {
        throw new UserError(`Another Dynodesk engine (pid ${holder.pid}) is already using ${dataDir}. Stop it first, or set DYNODESK_HOME to another folder.`, 'conflict');
      }
      try { unlinkSync(path); } catch { /* raced with another taker */ }
    }
  }
  throw new UserError(`Could not lock ${dataDir}: another engine is starting at the same time.`, 'conflict');
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
