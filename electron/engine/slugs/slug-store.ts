// Where slugs and build caches live, and their lifecycle. A slug is a built app in
// <dataDir>/slugs/<app>/<id>/: made empty for a build, kept while a release in the retention
// window (or a running dyno) uses it, then removed. Ids name builds, not versions: a build runs
// before its release number exists, and Python's virtualenv records its absolute path, so a slug
// never moves once it is built.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { treeBytes } from './tree-copy.js';

export class SlugStore {
  /** Slugs being built now (`app/id`): never pruned, whatever the releases say. */
  private readonly building = new Set<string>();
  /** Apps with a slug kept only because a dyno still runs it: pruned again when their dynos change. */
  readonly recheck = new Set<string>();
  /** Sizes already measured: a finished slug never changes; the cache's until the next build or purge. */
  private readonly slugSizes = new Map<string, number>();
  private readonly cacheSizes = new Map<string, number>();
  /** Removals under way, awaited by idle() so that the engine closes with none half done. */
  private readonly pending = new Set<Promise<unknown>>();

  constructor(readonly dataDir: string) {}

  appDir(app: string): string {
    return join(this.dataDir, 'slugs', app);
  }

  path(app: string, id: string): string {
    return join(this.appDir(app), id);
  }

  /** The app's build cache: dependencies restored into its next build. */
  cacheDir(app: string): string {
    return join(this.dataDir, 'cache', app);
  }

  /** An empty slug folder for a build; `finished` or `discard` it. */
  async create(app: string): Promise<{ id: string; dir: string }> {
    const id = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    const dir = this.path(app, id);
    this.building.add(`${app}/${id}`);
    try {
      await mkdir(dir, { recursive: true });
    } catch (err) {
      this.building.delete(`${app}/${id}`);
      throw err;
    }
    return { id, dir };
  }

  /** The build is over and its release recorded: retention decides from now on. */
  finished(app: string, id: string): void {
    this.building.delete(`${app}/${id}`);
  }

  /** A build that failed: its partial slug goes. */
  async discard(app: string, id: string): Promise<void> {
    try {
      await this.track(rm(this.path(app, id), { recursive: true, force: true, maxRetries: 3 }));
    } finally {
      this.building.delete(`${app}/${id}`);
    }
  }

  has(app: string, id: string): boolean {
    return existsSync(this.path(app, id));
  }

  /** Remove every slug of `app` except `keep` and those being built. Returns the ids removed. */
  async prune(app: string, keep: ReadonlySet<string>): Promise<string[]> {
    let ids: string[];
    try {
      ids = await readdir(this.appDir(app));
    } catch {
      return [];
    }
    const doomed = ids.filter((id) => !keep.has(id) && !this.building.has(`${app}/${id}`));
    for (const id of doomed) this.slugSizes.delete(`${app}/${id}`);
    await Promise.all(doomed.map((id) => this.track(rm(this.path(app, id), { recursive: true, force: true, maxRetries: 3 }))));
    return doomed;
  }

  /** apps.destroy: every slug and the build cache. */
  async removeApp(app: string): Promise<void> {
    this.recheck.delete(app);
    this.cacheSizes.delete(app);
    for (const key of [...this.slugSizes.keys()]) if (key.startsWith(`${app}/`)) this.slugSizes.delete(key);
    await this.track(Promise.all([
      rm(this.appDir(app), { recursive: true, force: true, maxRetries: 3 }),
      rm(this.cacheDir(app), { recursive: true, force: true, maxRetries: 3 }),
    ]));
  }

  /** Bytes of every slug the app has; `info` asks often, so each finished slug is measured once. */
  async slugBytes(app: string): Promise<number> {
    const ids = await readdir(this.appDir(app)).catch(() => [] as string[]);
    let total = 0;
    for (const id of ids) {
      const key = `${app}/${id}`;
      let size = this.slugSizes.get(key);
      if (size === undefined) {
        size = await treeBytes(this.path(app, id));
        if (!this.building.has(key)) this.slugSizes.set(key, size);
      }
      total += size;
    }
    return total;
  }

  async cacheBytes(app: string): Promise<number> {
    let size = this.cacheSizes.get(app);
    if (size === undefined) {
      size = await treeBytes(this.cacheDir(app));
      this.cacheSizes.set(app, size);
    }
    return size;
  }

  /** A build ran (and may have saved the cache): measure it again next time. */
  cacheChanged(app: string): void {
    this.cacheSizes.delete(app);
  }

  /** Empty the build cache; the next build installs its dependencies afresh. */
  async purgeCache(app: string): Promise<number> {
    // Measured already if `info` asked since the last build (purge refuses to run during one).
    const freed = await this.cacheBytes(app);
    await this.track(rm(this.cacheDir(app), { recursive: true, force: true, maxRetries: 3 }));
    this.cacheSizes.set(app, 0);
    return freed;
  }

  /** Resolves once no removal is under way. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work)).catch(() => undefined);
    return work;
  }
}
