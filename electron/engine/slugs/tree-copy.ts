// Copying trees quickly: slugs, build caches. Many small files dominate (node_modules): folders
// are listed in parallel, files are copied in short synchronous slices (see copyEntries), cloned
// (copy-on-write) where the file system can, and the build cache may use hard links.
import {
  closeSync, constants, copyFileSync, existsSync, fstatSync, linkSync, mkdirSync, openSync, readFileSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { copyFile, lstat, mkdir, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** `clone`: a copy of each file (copy-on-write where supported); `link`: hard links (a copy if linking fails). */
export type CopyMode = 'clone' | 'link';

export interface TreeEntry {
  /** Path relative to the tree's root, with the platform's separators. */
  rel: string;
  kind: 'file' | 'dir' | 'link';
  /** For links: what the copy should point at. */
  target?: string;
}

/** Operations in flight: enough to keep the thread pool and the disk busy, few enough to bound memory. */
const IN_FLIGHT = 64;

/** Run `work` on every item with at most `limit` in flight; the first failure stops new work and is thrown. */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown = null;
  const worker = async (): Promise<void> => {
    while (failed === null && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (err) {
        failed ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed !== null) throw failed;
}

/**
 * Every entry under `root` (not `root` itself). `skip` prunes a folder or drops a file before it is
 * descended into. Links are reported, never followed.
 */
export async function walkTree(root: string, skip: (rel: string, isDir: boolean) => boolean = () => false): Promise<TreeEntry[]> {
  const out: TreeEntry[] = [];
  let pending: string[] = [''];
  while (pending.length > 0) {
    const level = pending;
    pending = [];
    await forEachLimited(level, 16, async (relDir) => {
      const dirents = await readdir(join(root, relDir), { withFileTypes: true });
      for (const d of dirents) {
        const rel = relDir === '' ? d.name : join(relDir, d.name);
        if (d.isDirectory()) {
          if (skip(rel, true)) continue;
          out.push({ rel, kind: 'dir' });
          pending.push(rel);
        } else if (d.isSymbolicLink()) {
          if (skip(rel, false)) continue;
          out.push({ rel, kind: 'link', target: await readlink(join(root, rel)) });
        } else if (d.isFile()) {
          if (!skip(rel, false)) out.push({ rel, kind: 'file' });
        }
        // Sockets, FIFOs and devices are not part of an app.
      }
    });
  }
  return out;
}

/**
 * Recreate `entries` of `src` under `dst` (which may exist). A file that vanished since it was
 * listed is skipped (the tree is a live folder).
 *
 * Done with synchronous calls in slices of a few milliseconds, yielding to the event loop between
 * slices: measured on a loaded two-core machine, 10,000 small files take about a third of the time
 * that libuv's thread pool needs for the same calls (each asynchronous open, stat, read, write and
 * close is a round trip of its own), and no slice delays the engine noticeably. Files over
 * SMALL_FILE are copied afterwards on the thread pool: one synchronous copy of a 200 MB file holds
 * the event loop for most of a second (a clone across file systems is a copy too).
 */
export async function copyEntries(src: string, dst: string, entries: readonly TreeEntry[], mode: CopyMode): Promise<void> {
  mkdirSync(dst, { recursive: true });
  // Every folder first (also those a file list only implies); sorted, so parents come first.
  const dirs = new Set<string>();
  for (const e of entries) {
    if (e.kind === 'dir') dirs.add(e.rel);
    for (let d = dirname(e.rel); d !== '.' && d !== '' && !dirs.has(d); d = dirname(d)) dirs.add(d);
  }
  // Probed on the parent: every slug is a new folder, and its siblings share its file system.
  const clone = mode === 'clone' && await canClone(dirname(dst));
  const work: (() => void)[] = [...dirs].sort().map((rel) => () => mkdirSync(join(dst, rel), { recursive: true }));
  const large: { from: string; to: string }[] = [];
  for (const entry of entries) {
    if (entry.kind === 'dir') continue;
    const from = join(src, entry.rel);
    const to = join(dst, entry.rel);
    if (entry.kind === 'link') work.push(() => symlinkSync(entry.target ?? '', to));
    else if (mode === 'link') work.push(() => skipVanished(from, () => linkOrCopySync(from, to)));
    else work.push(() => skipVanished(from, () => { if (!copySmallSync(from, to, clone)) large.push({ from, to }); }));
  }
  await inSlices(work);
  await forEachLimited(large, 4, async ({ from, to }) => {
    await copyFile(from, to, clone ? constants.COPYFILE_FICLONE : 0).catch(async (err: unknown) => {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || await lstat(from).then(() => true, () => false)) throw err;
    });
  });
}

/** Below this, a file is read and written whole; above, the kernel copies it (copy_file_range, sendfile). */
const SMALL_FILE = 1024 * 1024;

/** Copy `from` if it is at most SMALL_FILE; false (nothing done) for a larger one, left to the thread pool. */
function copySmallSync(from: string, to: string, clone: boolean): boolean {
  if (clone) {
    if (statSync(from).size > SMALL_FILE) return false;
    copyFileSync(from, to, constants.COPYFILE_FICLONE);
    return true;
  }
  const fd = openSync(from, 'r');
  let small: { data: Buffer; mode: number } | null = null;
  try {
    const st = fstatSync(fd);
    if (st.size <= SMALL_FILE) small = { data: readFileSync(fd), mode: st.mode & 0o7777 };
  } finally {
    closeSync(fd);
  }
  if (!small) return false;
  writeFileSync(to, small.data, { mode: small.mode });
  return true;
}

function linkOrCopySync(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Another device, a file system without hard links, or too many links to one file.
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err;
    copyFileSync(from, to, constants.COPYFILE_FICLONE);
  }
}

function skipVanished(from: string, copy: () => void): void {
  try {
    copy();
  } catch (err) {
    // Deleted from a live folder since it was listed: it is not part of what is deployed.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || existsSync(from)) throw err;
  }
}

/** Longest stretch of synchronous file work before the event loop gets a turn. */
const SLICE_MS = 8;

async function inSlices(work: readonly (() => void)[]): Promise<void> {
  let i = 0;
  while (i < work.length) {
    const until = performance.now() + SLICE_MS;
    while (i < work.length && performance.now() < until) (work[i++] as () => void)();
    if (i < work.length) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** A whole tree, links as links. */
export async function copyTree(src: string, dst: string, mode: CopyMode): Promise<void> {
  await copyEntries(src, dst, await walkTree(src), mode);
}

const reflinkProbe = new Map<string, Promise<boolean>>();

/** Can `dir`'s file system clone files (Btrfs, XFS with reflink, APFS)? Probed once per folder: pass a long-lived one. */
export function canClone(dir: string): Promise<boolean> {
  let probe = reflinkProbe.get(dir);
  if (!probe) {
    probe = (async () => {
      const a = join(dir, `.clone-probe-${process.pid}-a`);
      const b = join(dir, `.clone-probe-${process.pid}-b`);
      try {
        await mkdir(dir, { recursive: true });
        await writeFile(a, 'x');
        await copyFile(a, b, constants.COPYFILE_FICLONE_FORCE);
        return true;
      } catch {
        return false;
      } finally {
        await rm(a, { force: true });
        await rm(b, { force: true });
      }
    })();
    reflinkProbe.set(dir, probe);
  }
  return probe;
}

/**
 * The cheapest way to copy a tree that the build cache owns: clones where the file system has
 * them (independent copies), else hard links (instant, but shared: see node-cache.ts).
 */
export async function fastCopyMode(dir: string): Promise<CopyMode> {
  return (await canClone(dir)) ? 'clone' : 'link';
}

/** Total bytes of the files under `root` (0 when it does not exist); links count as themselves. */
export async function treeBytes(root: string): Promise<number> {
  let entries: TreeEntry[];
  try {
    entries = await walkTree(root);
  } catch {
    return 0;
  }
  let total = 0;
  await forEachLimited(entries.filter((e) => e.kind === 'file'), IN_FLIGHT, async (e) => {
    // Read first, then add: `total += await …` would add to the total as it was before the wait.
    const size = await lstat(join(root, e.rel)).then((st) => st.size, () => 0);
    total += size;
  });
  return total;
}
