// The Node part of an app's build cache: node_modules as the last successful install left it,
// and the package manager's download cache. A build whose dependencies did not change (same
// lockfile, package manager command and Node) gets node_modules back and installs nothing.
//
// node_modules comes back as clones where the file system has them, else as hard links: a
// 300 MB tree in about a second. Linked files are shared between the cache and the slugs that
// restored them; package managers replace files rather than edit them, so sharing is safe as long
// as nothing writes into an installed package's files in place.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CachedTree, type CachedTreeMeta } from './cached-tree.js';
import { findExecutable } from './find-executable.js';

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
  private readonly kept: CachedTree<CachedTreeMeta>;

  constructor(cacheDir: string) {
    this.root = join(cacheDir, 'node');
    this.kept = new CachedTree(this.root, 'node_modules');
  }

  /** Where npm/yarn/pnpm keep downloaded packages between builds. */
  get downloadsDir(): string {
    return join(this.root, 'downloads');
  }

  /** Put the cached node_modules into `dir` if it was installed for the same `key`. */
  restore(dir: string, key: string): Promise<boolean> {
    return this.kept.restore(join(dir, 'node_modules'), key);
  }

  /** Keep `dir`'s freshly installed node_modules for the next build (replacing what was kept). */
  async save(dir: string, key: string): Promise<void> {
    const installed = join(dir, 'node_modules');
    if (!(await stat(installed).catch(() => null))?.isDirectory()) return;
    await this.kept.save(installed, { key });
  }
}
