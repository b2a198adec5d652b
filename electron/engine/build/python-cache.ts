// The Python part of an app's build cache: pip's download/wheel cache, and the virtualenv of the
// last successful build. A virtualenv records its own absolute path (scripts' #! lines,
// activate, pyvenv.cfg), so a cached one is copied into the new slug and those files are
// rewritten for its new place: the same trick `virtualenv --relocatable` used to play.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CachedTree, type CachedTreeMeta } from './cached-tree.js';

interface CacheMeta extends CachedTreeMeta {
  /** Where the cached virtualenv was built: the path its files still name. */
  builtAt: string;
}

const BIN = process.platform === 'win32' ? 'Scripts' : 'bin';

/** What the venv depends on: the interpreter (path, size, time) and the requirements' text. */
export async function venvKey(python: string, requirements: string | null, withPip: boolean): Promise<string> {
  const st = await stat(python).catch(() => null);
  return createHash('sha256').update(JSON.stringify({ python, size: st?.size ?? 0, mtime: st?.mtimeMs ?? 0, requirements, withPip })).digest('hex');
}

export class VenvCache {
  private readonly root: string;
  private readonly kept: CachedTree<CacheMeta>;

  constructor(cacheDir: string) {
    this.root = join(cacheDir, 'python');
    this.kept = new CachedTree(this.root, 'venv');
  }

  get pipCacheDir(): string {
    return join(this.root, 'pip');
  }

  /** Copy the cached venv to `venv` (which must not exist) if it was built for `key`. */
  restore(venv: string, key: string): Promise<boolean> {
    return this.kept.restore(venv, key, (meta) => relocate(venv, meta.builtAt));
  }

  save(venv: string, key: string): Promise<void> {
    return this.kept.save(venv, { key, builtAt: venv });
  }
}

/** Rewrite the files of `venv` that name the folder it was built in. */
async function relocate(venv: string, builtAt: string): Promise<void> {
  if (venv === builtAt) return;
  const candidates = [join(venv, 'pyvenv.cfg')];
  for (const name of await readdir(join(venv, BIN)).catch(() => [])) candidates.push(join(venv, BIN, name));
  for (const file of candidates) {
    const st = await stat(file).catch(() => null);
    // Scripts and activate files are small text; the interpreter is a link or a large binary.
    if (!st?.isFile() || st.size > 1024 * 1024) continue;
    const text = await readFile(file);
    if (text.indexOf(builtAt) < 0) continue;
    const rewritten = text.toString('utf8').split(builtAt).join(venv);
    // Unlinked first: the file may be a hard link shared with the cache, which must keep its path.
    await unlink(file);
    await writeFile(file, rewritten, { mode: st.mode & 0o7777 });
  }
}
