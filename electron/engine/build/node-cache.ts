// The Node part of an app's build cache: node_modules as the last successful install left it,
// and the package manager's download cache. A build whose dependencies did not change (same
// lockfile, package manager command and Node) gets node_modules back and installs nothing.
//
// node_modules comes back as clones where the file system has them, else as hard links: a
// 300 MB tree in about a second. Linked files are shared between the cache and the slugs that
// restored them; package managers replace files rather than edit them, so sharing is safe as long
// as nothing writes into an installed package's files in place.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { copyTree, fastCopyMode } from '../slugs/tree-copy.js';
import { findExecutable } from './find-executable.js';

interface CacheMeta {
  key: string;
}

export interface DependencyIdentity {
  installCommand: string;
  /** The version of the Node the app asked for, or null for the system Node. */
  nodeVersion: string | null;
  env: Record<string, string>;
}

/** What the installed tree depends on: lockfile (or package.json's dependency lists), .npmrc, command, Node, platform. */
export async function dependencyKey(dir: string, id: DependencyIdentity): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ command: id.installCommand, platform: process.platform, arch: process.arch, node: await nodeIdentity(id) }));
  for (const file of ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', '.npmrc', '.yarnrc.yml', '.yarnrc']) {
    const text = await readFile(join(dir, file)).catch(() => null);
    hash.update(`\0${file}\0`);
    if (text) hash.update(text);
  }
  // Without a lockfile, the ranges asked for are what the install depends on.
  const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  hash.update(JSON.stringify(['dependencies', 'devDependencies', 'optionalDependencies', 'overrides', 'resolutions'].map((f) => pkg[f] ?? null)));
  return hash.digest('hex');
}

async function nodeIdentity(id: DependencyIdentity): Promise<string> {
  if (id.nodeVersion) return id.nodeVersion;
  // The system Node, without starting it: its path and its binary's size and time change with every upgrade.
  const node = findExecutable('node', id.env);
  if (!node) return 'none';
  const st = await stat(node).catch(() => null);
  return `${node}:${st?.size ?? 0}:${st?.mtimeMs ?? 0}`;
}

export class NodeModulesCache {
  private readonly root: string;

  constructor(cacheDir: string) {
    this.root = join(cacheDir, 'node');
  }

  /** Where npm/yarn/pnpm keep downloaded packages between builds. */
  get downloadsDir(): string {
    return join(this.root, 'downloads');
  }

  /** Put the cached node_modules into `dir` if it was installed for the same `key`. */
  async restore(dir: string, key: string): Promise<boolean> {
    const meta = await readFile(join(this.root, 'meta.json'), 'utf8').then((t) => JSON.parse(t) as CacheMeta).catch(() => null);
    if (meta?.key !== key) return false;
    const cached = join(this.root, 'node_modules');
    if (!(await stat(cached).catch(() => null))?.isDirectory()) return false;
    const target = join(dir, 'node_modules');
    try {
      await copyTree(cached, target, await fastCopyMode(this.root));
      return true;
    } catch {
      // A damaged cache costs an install, nothing more.
      await rm(target, { recursive: true, force: true });
      return false;
    }
  }

  /** Keep `dir`'s freshly installed node_modules for the next build (replacing what was kept). */
  async save(dir: string, key: string): Promise<void> {
    const installed = join(dir, 'node_modules');
    if (!(await stat(installed).catch(() => null))?.isDirectory()) return;
    await mkdir(this.root, { recursive: true });
    const next = join(this.root, `node_modules.next-${process.pid}-${Date.now().toString(36)}`);
    try {
      await copyTree(installed, next, await fastCopyMode(this.root));
      // Meta last: a crash in between leaves a tree no key matches, which the next save replaces.
      await rm(join(this.root, 'meta.json'), { force: true });
      await rm(join(this.root, 'node_modules'), { recursive: true, force: true });
      await rename(next, join(this.root, 'node_modules'));
      await writeFile(join(this.root, 'meta.json'), JSON.stringify({ key } satisfies CacheMeta));
    } catch (err) {
      await rm(next, { recursive: true, force: true });
      throw err;
    }
  }
}
