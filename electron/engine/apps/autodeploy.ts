// Redeploy on save: for each app whose `autodeploy` setting is on, watch its folder and run the
// engine's ordinary folder deploy once edits settle. One build at a time per app; edits made while it
// runs queue exactly one more. A failed build is reported (log, deploy.progress) and changes nothing:
// deploy() records nothing unless build and release command succeed, so the running release serves on.
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { autodeployId } from '../../../shared/autodeploy.js';
import type { EngineCore } from '../engine-core.js';
import type { AutodeployService } from '../engine-services.js';
import { UserError } from '../errors.js';
import type { AppRecord } from './app-record.js';
import { deploy } from './deploy.js';
import { SLUGIGNORE, SourceIgnore } from './source-ignore.js';
import { SourceWatcher } from './source-watcher.js';

/** Quiet time after the last change before a build starts: an editor's save is several events. */
export const AUTODEPLOY_DEBOUNCE_MS = 300;
/** While someone else's deploy of the app runs (CLI, drag-in), look again this often. */
const BUSY_RETRY_MS = 500;
/** Where autodeploy lines go in the app's log: `dynodesk[build]`. */
const LOG_DYNO = 'build';

interface AppWatch {
  readonly app: string;
  readonly path: string;
  readonly abort: AbortController;
  watcher: SourceWatcher | null;
  ignore: SourceIgnore | null;
  /** Changed paths since the last settle, before git has had its say. */
  readonly changed: Set<string>;
  debounce: NodeJS.Timeout | null;
  busyRetry: NodeJS.Timeout | null;
  /** Source changed and no build has picked it up yet. */
  queued: string[] | null;
  running: Promise<void> | null;
  stopped: boolean;
}

export class Autodeploy implements AutodeployService {
  private readonly apps = new Map<string, AppWatch>();
  private closed = false;

  constructor(private readonly core: EngineCore) {}

  /** Why `rec` cannot be watched, or null. */
  static refusal(rec: AppRecord): string | null {
    const path = rec.path as string | null;
    if (!path) return `${rec.name} has no folder to watch: it is deployed with git push. Autodeploy is for apps deployed from a folder`;
    if (!existsSync(path) || !statSync(path).isDirectory()) return `${rec.name}'s folder ${path} is not there any more: deploy it from where it is now`;
    return null;
  }

  isWatching(app: string): boolean {
    return this.apps.has(app);
  }

  /** Folders watched for `app` (per-folder strategy), or null when not watching: tests and diagnostics. */
  watchedFolders(app: string): number | null {
    const w = this.apps.get(app);
    return w?.watcher ? w.watcher.folderCount : null;
  }

  /** Start watching `app`'s folder; resolves once edits are being noticed. Throws a UserError when it cannot. */
  async start(app: string): Promise<void> {
    if (this.closed || this.apps.has(app)) return;
    const rec = this.core.registry.get(app);
    const refusal = Autodeploy.refusal(rec);
    if (refusal) throw new UserError(refusal, 'invalid');
    const w: AppWatch = {
      app, path: rec.path as string, abort: new AbortController(), watcher: null, ignore: null,
      changed: new Set(), debounce: null, busyRetry: null, queued: null, running: null, stopped: false,
    };
    this.apps.set(app, w);
    try {
      w.ignore = await SourceIgnore.load(w.path, w.abort.signal);
      const watcher = await SourceWatcher.start({
        root: w.path,
        ignore: w.ignore,
        onChange: (paths) => this.changed(w, paths),
        onProblem: (message) => this.log(app, `Autodeploy: ${message}`),
      });
      // Stopped while the tree was being walked: this watcher has no owner any more.
      if (w.stopped) watcher.close();
      else w.watcher = watcher;
    } catch (err) {
      if (this.apps.get(app) === w) this.stop(app);
      throw new UserError(`Cannot watch ${w.path}: ${err instanceof Error ? err.message : String(err)}`, 'failed');
    }
  }

  /** Stop watching and drop any queued build; a build already running finishes on its own. */
  stop(app: string): void {
    const w = this.apps.get(app);
    if (!w) return;
    this.apps.delete(app);
    w.stopped = true;
    w.abort.abort();
    w.watcher?.close();
    w.watcher = null;
    if (w.debounce) clearTimeout(w.debounce);
    if (w.busyRetry) clearTimeout(w.busyRetry);
    w.debounce = null;
    w.busyRetry = null;
    w.queued = null;
  }

  /** At engine start: every app whose setting is on. One that cannot be watched is reported, not fatal. */
  async startAll(onWarning?: (message: string) => void): Promise<void> {
    for (const rec of this.core.registry.list()) {
      if (!rec.settings.autodeploy) continue;
      await this.start(rec.name).catch((err: unknown) => {
        const message = `Autodeploy of ${rec.name} is off for now: ${err instanceof Error ? err.message : String(err)}`;
        this.log(rec.name, message);
        onWarning?.(message);
      });
    }
  }

  close(): void {
    this.closed = true;
    for (const app of [...this.apps.keys()]) this.stop(app);
  }

  private changed(w: AppWatch, paths: string[]): void {
    if (w.stopped) return;
    for (const p of paths) w.changed.add(p);
    if (w.debounce) clearTimeout(w.debounce);
    w.debounce = setTimeout(() => void this.settle(w), AUTODEPLOY_DEBOUNCE_MS);
  }

  /** Edits have settled: keep what git does not ignore, and build if anything is left. */
  private async settle(w: AppWatch): Promise<void> {
    w.debounce = null;
    const paths = [...w.changed];
    w.changed.clear();
    const byGit = await (w.ignore?.gitIgnored(paths) ?? Promise.resolve(new Set<string>()));
    if (w.stopped) return;
    const source = paths.filter((p) => !byGit.has(p));
    if (source.includes(SLUGIGNORE)) await w.ignore?.reload();
    if (source.length > 0) w.queued = [...new Set([...(w.queued ?? []), ...source])];
    this.pump(w);
  }

  /** Start the queued build if nothing stands in its way; called again whenever something that did ends. */
  private pump(w: AppWatch): void {
    if (w.stopped || w.running || !w.queued || w.debounce) return;
    if (this.core.deploying.has(w.app)) {
      // A deploy from elsewhere is building this app: ours would be refused as a conflict. Wait it out.
      w.busyRetry ??= setTimeout(() => { w.busyRetry = null; this.pump(w); }, BUSY_RETRY_MS);
      return;
    }
    const paths = w.queued;
    w.queued = null;
    w.running = this.build(w, paths).finally(() => {
      w.running = null;
      this.pump(w);
    });
  }

  private async build(w: AppWatch, paths: string[]): Promise<void> {
    const more = paths.length > 1 ? ` and ${paths.length - 1} more` : '';
    this.log(w.app, `Autodeploy: ${paths[0] ?? 'source'}${more} changed, deploying ${w.path}`);
    try {
      const outcome = await deploy(this.core, { path: w.path, name: w.app, deployId: autodeployId(w.app, randomUUID().slice(0, 8)) });
      if (outcome.warning) this.log(w.app, `Autodeploy: v${outcome.release} released, but ${outcome.warning}`);
    } catch (err) {
      // The error also reached every client as the deploy's failed deploy.progress; the log keeps it.
      const message = err instanceof Error ? err.message : String(err);
      if (this.core.registry.find(w.app)) {
        for (const line of `Autodeploy build failed, the running release keeps serving: ${message}`.split('\n')) this.log(w.app, line);
      }
    }
  }

  private log(app: string, text: string): void {
    if (this.core.registry.find(app)) this.core.logs.add(app, 'dynodesk', LOG_DYNO, text);
  }
}
