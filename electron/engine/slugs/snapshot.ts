// A deploy builds a copy of the source, never the source: the folder minus what does not belong
// in a slug (what .gitignore and .slugignore exclude, node_modules, virtualenvs, .git). Symlinks
// are copied as links; a link that leads out of the folder would let a build or a dyno reach (and
// write) the user's files, so it is dropped and the build log says so.
import { execFile } from 'node:child_process';
import { lstat, readFile, readlink, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';
import { parseSlugignore, type PathFilter } from './slugignore.js';
import { copyEntries, forEachLimited, walkTree, type TreeEntry } from './tree-copy.js';

export interface SnapshotOptions {
  onLine: (line: string) => void;
  /** Called once the files are listed, before any is copied (lets a test change the folder mid-snapshot). */
  afterListing?: () => Promise<void> | void;
}

export interface SnapshotResult {
  files: number;
  /** How the files were chosen: the folder's git index and .gitignore, or a walk of the folder. */
  listedBy: 'git' | 'walk';
}

/** Folder names never copied, wherever they are: installed dependencies and version control. */
const NEVER_COPIED = new Set(['node_modules', '.git']);

export async function snapshotFolder(source: string, dest: string, opts: SnapshotOptions): Promise<SnapshotResult> {
  await assertSource(source);
  const slugignore = parseSlugignore(await readFile(join(source, '.slugignore'), 'utf8').catch(() => ''));
  let listed: { entries: TreeEntry[]; by: 'git' | 'walk' };
  try {
    const fromGit = await gitListed(source, slugignore);
    listed = fromGit ? { entries: fromGit, by: 'git' } : { entries: await walked(source, slugignore), by: 'walk' };
  } catch (err) {
    throw await copyError(err, source);
  }
  const entries = await keepSafeLinks(source, listed.entries, opts.onLine);
  await opts.afterListing?.();
  try {
    await copyEntries(source, dest, entries, 'clone');
  } catch (err) {
    throw await copyError(err, source);
  }
  // A folder removed while it was copied may have lost files the copy never saw: not a snapshot.
  await assertSource(source, 'disappeared while it was being copied; nothing was deployed');
  return { files: entries.filter((e) => e.kind !== 'dir').length, listedBy: listed.by };
}

async function assertSource(source: string, why = 'does not exist'): Promise<void> {
  const st = await stat(source).catch(() => null);
  if (!st) throw new UserError(`The folder ${source} ${why}`, 'invalid');
  if (!st.isDirectory()) throw new UserError(`${source} is not a folder`, 'invalid');
}

async function copyError(err: unknown, source: string): Promise<Error> {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new UserError('The disk is full: could not copy the app into a new slug. Free some space and deploy again; nothing was changed.', 'failed');
  }
  if (code === 'ENOENT' && !(await stat(source).catch(() => null))) {
    return new UserError(`The folder ${source} disappeared while it was being copied; nothing was deployed`, 'invalid');
  }
  return err instanceof Error ? err : new Error(String(err));
}

function excluded(rel: string, slugignore: PathFilter, isDir: boolean): boolean {
  return rel.split(sep).some((part) => NEVER_COPIED.has(part)) || slugignore(rel, isDir);
}

/** The folder walked, minus excluded folders and virtualenvs (a folder holding pyvenv.cfg). */
async function walked(source: string, slugignore: PathFilter): Promise<TreeEntry[]> {
  const venvs = new Set<string>();
  const entries = await walkTree(source, (rel, isDir) => {
    if (excluded(rel, slugignore, isDir)) return true;
    if (!isDir && rel.endsWith(`${sep}pyvenv.cfg`)) venvs.add(dirname(rel));
    return false;
  });
  // (A pyvenv.cfg at the top is just a file: the app's folder itself is not a virtualenv.)
  return venvs.size === 0 ? entries : entries.filter((e) => !underAny(e.rel, venvs));
}

/**
 * In a git work tree: tracked files plus untracked ones that .gitignore does not exclude, as
 * `git ls-files` reports them. null when the folder is not in a work tree or git is missing.
 */
async function gitListed(source: string, slugignore: PathFilter): Promise<TreeEntry[] | null> {
  const out = await new Promise<Buffer | null>((done) => {
    execFile('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: source, env: gitFreeEnv(), encoding: 'buffer', maxBuffer: 512 * 1024 * 1024, windowsHide: true,
    }, (err, stdout) => done(err ? null : stdout));
  });
  if (out === null) return null;
  const paths = [...new Set(out.toString('utf8').split('\0').filter(Boolean).map((p) => p.split('/').join(sep)))];
  const venvs = new Set(paths.filter((p) => p === 'pyvenv.cfg' || p.endsWith(`${sep}pyvenv.cfg`)).map((p) => dirname(p)).filter((d) => d !== '.'));
  const kept = paths.filter((p) => !excluded(p, slugignore, false) && !underAny(p, venvs));
  const entries: TreeEntry[] = [];
  const submodules: string[] = [];
  await forEachLimited(kept, 64, async (rel) => {
    // Listed by the index but deleted from the folder since: not part of what is deployed.
    const st = await lstat(join(source, rel)).catch(() => null);
    if (!st) return;
    if (st.isSymbolicLink()) entries.push({ rel, kind: 'link', target: await readlink(join(source, rel)) });
    else if (st.isFile()) entries.push({ rel, kind: 'file' });
    else if (st.isDirectory()) submodules.push(rel);
  });
  // A submodule is listed as one path: copy what its folder holds.
  for (const rel of submodules) {
    entries.push({ rel, kind: 'dir' });
    const inner = await walkTree(join(source, rel), (r, isDir) => excluded(join(rel, r), slugignore, isDir));
    entries.push(...inner.map((e) => ({ ...e, rel: join(rel, e.rel) })));
  }
  return entries;
}

function underAny(rel: string, dirs: Set<string>): boolean {
  for (const d of dirs) if (rel === d || rel.startsWith(d + sep)) return true;
  return false;
}

/** git run from the engine must not be steered by a repository the engine itself was started in. */
export function gitFreeEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    if (!k.startsWith('GIT_')) out[k] = v;
  }
  return out;
}

/**
 * Links stay links, pointing where they did, as long as they stay inside the folder (an absolute
 * target inside it is made relative, or it would point back into the user's folder).
 */
async function keepSafeLinks(source: string, entries: TreeEntry[], onLine: (line: string) => void): Promise<TreeEntry[]> {
  const root = resolve(source);
  const kept: TreeEntry[] = [];
  for (const entry of entries) {
    if (entry.kind !== 'link') { kept.push(entry); continue; }
    const target = entry.target ?? '';
    const linkDir = dirname(join(root, entry.rel));
    const resolved = resolve(linkDir, target);
    const inside = resolved === root || resolved.startsWith(root + sep);
    if (!inside) {
      onLine(`       Skipping the link ${entry.rel.split(sep).join('/')} -> ${target}: it leads outside the app's folder`);
      continue;
    }
    kept.push(isAbsolute(target) ? { ...entry, target: relative(linkDir, resolved) || '.' } : entry);
  }
  return kept;
}
