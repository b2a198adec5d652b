// Watches an app's folder for source changes and reports the changed paths (relative, forward
// slashes), leaving out what SourceIgnore ignores.
//
// On Linux each folder gets a watcher of its own and ignored folders get none. Node 20's
// `fs.watch(…, {recursive: true})` works there, but it is JavaScript over one inotify watch per file
// *and* folder, set up by a synchronous walk of the whole tree (node_modules included) on the
// engine's thread, and it reports every file it finds at start as "renamed". macOS (FSEvents) and
// Windows watch a tree natively, so there one recursive watcher serves and events are filtered.
import { watch, type FSWatcher } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { isVirtualenv, type SourceIgnore } from './source-ignore.js';

/** Beyond this many folders the rest go unwatched (and the owner is told): inotify watches are a per-user budget. */
export const MAX_WATCHED_DIRS = 10_000;

export interface SourceWatcherOptions {
  root: string;
  ignore: SourceIgnore;
  onChange(paths: string[]): void;
  /** Something could not be watched (too many folders, the inotify limit, a permission). Watching goes on where it can. */
  onProblem(message: string): void;
  /** Force the per-folder strategy elsewhere too (tests). */
  perFolder?: boolean;
}

export class SourceWatcher {
  private readonly dirs = new Map<string, FSWatcher>();
  private recursive: FSWatcher | null = null;
  private closed = false;
  private warnedLimit = false;

  private constructor(private readonly opts: SourceWatcherOptions) {}

  /** Resolves once the initial tree is watched: changes made after that are reported. */
  static async start(opts: SourceWatcherOptions): Promise<SourceWatcher> {
    const w = new SourceWatcher(opts);
    const perFolder = opts.perFolder ?? process.platform === 'linux';
    if (perFolder) await w.addTree('');
    else w.watchRecursive();
    return w;
  }

  /** Folders watched one by one (0 with a recursive watcher); for tests and diagnostics. */
  get folderCount(): number {
    return this.dirs.size;
  }

  close(): void {
    this.closed = true;
    this.recursive?.close();
    this.recursive = null;
    for (const w of this.dirs.values()) w.close();
    this.dirs.clear();
  }

  private abs(rel: string): string {
    return rel === '' ? this.opts.root : join(this.opts.root, ...rel.split('/'));
  }

  private watchRecursive(): void {
    const w = watch(this.opts.root, { recursive: true }, (_event, filename) => {
      if (filename === null) return;
      const rel = filename.split(sep).join('/');
      void this.reportIfSource(rel, (r, isDir) => this.ignoredWithParents(r, isDir));
    });
    w.on('error', (err) => this.opts.onProblem(`stopped watching ${this.opts.root}: ${err.message}`));
    this.recursive = w;
  }

  /** With one watcher for the tree, an event under an ignored folder arrives too: check every folder on its way. */
  private ignoredWithParents(rel: string, isDir: boolean): boolean {
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) {
      if (this.opts.ignore.ignores(parts.slice(0, i).join('/'), true)) return true;
    }
    return this.opts.ignore.ignores(rel, isDir);
  }

  /** Watch `rel` and every folder below it that is source, breadth first, asking git once per level. */
  private async addTree(rel: string): Promise<void> {
    let level = [rel];
    while (level.length > 0 && !this.closed) {
      const next: string[] = [];
      for (const dir of level) {
        if (this.closed || this.dirs.has(dir)) continue;
        if (!this.watchDir(dir)) return;
        let entries;
        try {
          entries = await readdir(this.abs(dir), { withFileTypes: true });
        } catch {
          continue; // gone meanwhile: its watcher reports or errors on its own
        }
        for (const e of entries) {
          const child = dir === '' ? e.name : `${dir}/${e.name}`;
          // Symlinked folders are not followed: they may lead out of the app, or round in a loop.
          if (e.isDirectory() && !this.opts.ignore.ignores(child, true)) next.push(child);
        }
      }
      level = await this.sourceDirs(next);
    }
  }

  private async sourceDirs(dirs: string[]): Promise<string[]> {
    if (dirs.length === 0) return dirs;
    const byGit = await this.opts.ignore.gitIgnored(dirs);
    const kept: string[] = [];
    for (const d of dirs) {
      if (!byGit.has(d) && !(await isVirtualenv(this.abs(d)))) kept.push(d);
    }
    return kept;
  }

  private watchDir(rel: string): boolean {
    if (this.dirs.size >= MAX_WATCHED_DIRS) {
      if (!this.warnedLimit) this.opts.onProblem(`more than ${MAX_WATCHED_DIRS} folders: the rest are not watched`);
      this.warnedLimit = true;
      return false;
    }
    let w: FSWatcher;
    try {
      w = watch(this.abs(rel), (_event, filename) => {
        if (filename !== null) void this.onDirEvent(rel, filename.toString());
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return true;
      if (!this.warnedLimit) {
        this.warnedLimit = true;
        this.opts.onProblem(code === 'ENOSPC'
          ? 'the system limit on watched folders is reached (raise fs.inotify.max_user_watches): some folders are not watched'
          : `cannot watch ${this.abs(rel)}: ${(err as Error).message}`);
      }
      return code !== 'ENOSPC';
    }
    // A folder that goes away ends its watcher with an error on some systems: just forget it.
    w.on('error', () => this.unwatchTree(rel));
    this.dirs.set(rel, w);
    return true;
  }

  private unwatchTree(rel: string): void {
    for (const [dir, w] of this.dirs) {
      if (dir === rel || rel === '' || dir.startsWith(`${rel}/`)) {
        w.close();
        this.dirs.delete(dir);
      }
    }
  }

  private async onDirEvent(dir: string, name: string): Promise<void> {
    if (this.closed) return;
    const rel = dir === '' ? name : `${dir}/${name}`;
    if (name === 'pyvenv.cfg' && dir !== '') {
      // A virtualenv was just made here (python -m venv): what pip puts in it is not source.
      this.unwatchTree(dir);
      return;
    }
    await this.reportIfSource(rel, (r, isDir) => this.opts.ignore.ignores(r, isDir), async (isDir) => {
      if (isDir && !this.dirs.has(rel) && (await this.sourceDirs([rel])).length === 1) await this.addTree(rel);
      if (!isDir) this.unwatchTree(rel);
    });
  }

  private async reportIfSource(
    rel: string,
    ignored: (rel: string, isDir: boolean) => boolean,
    follow?: (isDir: boolean) => Promise<void>,
  ): Promise<void> {
    let isDir: boolean | null;
    try {
      isDir = (await lstat(this.abs(rel))).isDirectory();
    } catch {
      isDir = null; // deleted (or renamed away): it counts if it would have counted as a file or a folder
    }
    if (this.closed) return;
    if (isDir === null ? ignored(rel, false) || ignored(rel, true) : ignored(rel, isDir)) return;
    await follow?.(isDir === true);
    if (!this.closed) this.opts.onChange([rel]);
  }
}
