// One folder of an app's build cache that is kept whole (node_modules, a virtualenv), with the
// key it was built for in meta.json beside it. A build whose key matches gets a copy of it back;
// a build that installed afresh replaces it. Shared by node-cache.ts and python-cache.ts.
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { copyTree, fastCopyMode } from '../slugs/tree-copy.js';

export interface CachedTreeMeta {
  key: string;
}

export class CachedTree<Meta extends CachedTreeMeta> {
  /** `name` is the kept folder's name inside `root`, which also holds meta.json. */
  constructor(private readonly root: string, private readonly name: string) {}

  /**
   * Copy the kept folder to `target` (which must not exist) if it was saved under `key`; `fixup`
   * then adapts the copy (a virtualenv's recorded paths). Any failure removes the copy: a damaged
   * cache costs an install, nothing more.
   */
  async restore(target: string, key: string, fixup?: (meta: Meta) => Promise<void>): Promise<boolean> {
    const meta = await readFile(join(this.root, 'meta.json'), 'utf8').then((t) => JSON.parse(t) as Meta).catch(() => null);
    if (meta?.key !== key) return false;
    const kept = join(this.root, this.name);
    if (!(await stat(kept).catch(() => null))?.isDirectory()) return false;
    try {
      await copyTree(kept, target, await fastCopyMode(this.root));
      await fixup?.(meta);
      return true;
    } catch {
      await rm(target, { recursive: true, force: true });
      return false;
    }
  }

  /** Keep a copy of `source` for the next build under `meta.key`, replacing what was kept. */
  async save(source: string, meta: Meta): Promise<void> {
    await mkdir(this.root, { recursive: true });
    const next = join(this.root, `${this.name}.next-${process.pid}-${Date.now().toString(36)}`);
    try {
      await copyTree(source, next, await fastCopyMode(this.root));
      // Meta last: a crash in between leaves a tree no key matches, which the next save replaces.
      await rm(join(this.root, 'meta.json'), { force: true });
      await rm(join(this.root, this.name), { recursive: true, force: true });
      await rename(next, join(this.root, this.name));
      await writeFile(join(this.root, 'meta.json'), JSON.stringify(meta));
    } catch (err) {
      await rm(next, { recursive: true, force: true });
      throw err;
    }
  }
}
