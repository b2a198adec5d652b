import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes under `dir` (files only, symlinks not followed); null when it cannot be read. */
export async function diskUsage(dir: string): Promise<number | null> {
  try {
    const st = await lstat(dir);
    if (!st.isDirectory()) return st.size;
    let total = 0;
    for (const entry of await readdir(dir)) total += (await diskUsage(join(dir, entry))) ?? 0;
    return total;
  } catch {
    return null;
  }
}
