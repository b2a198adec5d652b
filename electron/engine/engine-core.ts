import type { EngineEvent } from '../../shared/events.js';
import type { AppDTO, AppState, DynoDTO, EngineInfo } from '../../shared/types.js';
import type { AppRecord } from './apps/app-record.js';
import { currentRelease } from './apps/app-record.js';
import { dynoEnvironment } from './apps/dyno-env.js';
import type { AppRegistry } from './apps/registry.js';
import type { ProcessRelease } from './dynos/types.js';
import type { Supervisor } from './dynos/supervisor.js';
import type { LocalCerts } from './certs/local-certs.js';
import type { AddonsService, AutodeployService } from './engine-services.js';
import type { LanAccess } from './lan/lan-access.js';
import { lanIPv4Addresses } from './lan/lan-addresses.js';
import type { LogHub } from './logs/log-hub.js';
import type { RouteApp, RouterHandle } from './router/types.js';
import { SlugStore } from './slugs/slug-store.js';
import type { HookCommand } from './git/app-repo.js';

export interface CoreConfig {
  dataDir: string;
  /** Where the router listens now (it follows LAN access), read by the app port allocator. */
  readonly routerHost: string;
  bootTimeoutMs: number;
  requestTimeoutMs: number;
  graceMs: number;
  version: string;
  samplePath: string | null;
}

/**
 * The engine's state and the decisions that tie its parts together: registry ↔ supervisor ↔ router ↔ logs.
 * Commands (commands/*.ts) act through it; doors reach it only through Engine/EngineClient.
 */
export class EngineCore {
  private readonly sinks = new Set<(ev: EngineEvent) => void>();
  private readonly appLocks = new Map<string, Promise<unknown>>();
  private readonly dynoFlush = new Set<string>();
  private dynoTimer: NodeJS.Timeout | null = null;
  private routingTimer: NodeJS.Timeout | null = null;
  private routingChain: Promise<void> = Promise.resolve();
  /** The last routing table sent, as JSON. */
  private lastRoutingTable = '';
  private closed = false;
  /** Apps with a deploy in flight (state 'deploying' while it has no release yet). */
  readonly deploying = new Set<string>();
  dashboard: { url: string; port: number } | null = null;
  /** Slugs and build caches in the data directory. */
  readonly slugs: SlugStore;
  /** What app repositories' git hooks run (set by Engine.open); null: no CLI to run, pushes are refused with a message. */
  gitHook: HookCommand | null = null;
  /** Local HTTPS (certs/local-certs.ts), set by Engine.open. */
  certs: LocalCerts | null = null;
  /** Postgres and Redis add-ons (addons/addon-manager.ts), set by Engine.open right after construction. */
  addons!: AddonsService;
  /** The folder watchers of apps with `autodeploy` on (apps/autodeploy.ts), set by Engine.open; stopped with the engine. */
  autodeploy!: AutodeployService;
  /** Drops slugs no release or dyno needs any more (apps/release-outcome.ts), set by Engine.open. */
  pruneSlugs: (app: string) => void = () => undefined;

  constructor(
    readonly config: CoreConfig,
    readonly registry: AppRegistry,
    readonly supervisor: Supervisor,
    readonly router: RouterHandle,
    readonly logs: LogHub,
    readonly lan: LanAccess,
  ) {
    this.slugs = new SlugStore(config.dataDir);
  }

  get routerPort(): number {
    return this.router.port;
  }

  /** engine.info: no secrets (every client may read it). */
  info(): EngineInfo {
    return {
      version: this.config.version,
      routerPort: this.routerPort,
      dashboardUrl: this.dashboard?.url ?? null,
      dataDir: this.config.dataDir,
      platform: process.platform,
      samplePath: this.config.samplePath,
      lanAccess: this.lan.enabled,
      lanForced: this.lan.forced,
      lanAddresses: lanIPv4Addresses(),
    };
  }

  addSink(sink: (ev: EngineEvent) => void): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  emit(ev: EngineEvent): void {
    for (const sink of this.sinks) {
      try { sink(ev); } catch { /* a broken door must not break the engine */ }
    }
  }

  /** Serialise the mutating commands of one app (deploy commit, scale, config, restart, destroy). */
  withAppLock<T>(app: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.appLocks.get(app) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(fn);
    const tail = next.catch(() => undefined);
    this.appLocks.set(app, tail);
    void tail.then(() => { if (this.appLocks.get(app) === tail) this.appLocks.delete(app); });
    return next;
  }

  appUrl(name: string): string {
    return `http://${name}.localhost:${this.routerPort}`;
  }

  appDTO(rec: AppRecord): AppDTO {
    const dynos = this.supervisor.list(rec.name);
    const commands = rec.build?.commands ?? {};
    return {
      name: rec.name,
      path: rec.path,
      url: this.appUrl(rec.name),
      port: rec.port,
      formation: { ...rec.formation },
      processTypes: Object.keys(commands),
      commands: { ...commands },
      state: this.appState(rec, dynos),
      release: currentRelease(rec),
      buildpack: rec.build?.kind ?? 'none',
      settings: { ...rec.settings },
      // A rolling replacement ("web.1+") briefly runs beside the dyno it replaces: count the slot once.
      dynoCount: dynos.filter((d) => !d.oneOff && !d.name.endsWith('+')).length,
      releaseStatus: this.supervisor.releaseStatus(rec.name),
    };
  }

  private appState(rec: AppRecord, dynos: DynoDTO[]): AppState {
    if (this.deploying.has(rec.name) && !rec.build) return 'deploying';
    const formed = dynos.filter((d) => !d.oneOff);
    if (formed.length === 0) return 'stopped';
    if (formed.some((d) => d.state === 'crashed')) return 'crashed';
    if (formed.some((d) => d.state === 'starting' || d.state === 'stopping')) return 'starting';
    if (formed.every((d) => d.state === 'down')) return 'stopped';
    return 'up';
  }

  processRelease(rec: AppRecord): ProcessRelease {
    return {
      version: currentRelease(rec),
      cwd: this.releaseDir(rec),
      env: dynoEnvironment(rec),
      commands: { ...(rec.build?.commands ?? {}) },
      memoryQuotaMb: rec.settings.memoryQuotaMb,
    };
  }

  /**
   * Where the current release's dynos run: its slug (Heroku's /app). Builds made before slugs
   * existed ran in the app's folder, so their dynos still do until the next deploy.
   */
  releaseDir(rec: AppRecord): string {
    const slug = rec.build?.slug;
    if (slug) return this.slugs.path(rec.name, slug);
    return rec.path ?? this.slugs.appDir(rec.name);
  }

  /** Bring an app's dynos to its recorded release and formation. */
  async applyFormation(rec: AppRecord): Promise<void> {
    if (!rec.build) return;
    await this.supervisor.apply(rec.name, this.processRelease(rec), rec.formation);
    this.dynosChanged(rec.name);
    this.routingChanged();
  }

  /** Coalesce dyno changes: one dynos.changed + app.changed per app per 50 ms. */
  dynosChanged(app: string): void {
    if (this.closed) return;
    this.dynoFlush.add(app);
    if (this.dynoTimer) return;
    this.dynoTimer = setTimeout(() => {
      this.dynoTimer = null;
      const apps = [...this.dynoFlush];
      this.dynoFlush.clear();
      for (const name of apps) {
        const rec = this.registry.find(name);
        if (!rec) continue;
        this.emit({ event: 'dynos.changed', payload: { app: name, dynos: this.supervisor.list(name) } });
        this.emit({ event: 'app.changed', payload: { app: this.appDTO(rec) } });
        if (this.slugs.recheck.has(name)) this.pruneSlugs(name);
      }
    }, 50);
  }

  appChanged(name: string): void {
    const rec = this.registry.find(name);
    if (rec) this.emit({ event: 'app.changed', payload: { app: this.appDTO(rec) } });
  }

  /** Push the routing table to the router soon (coalesced), in order. */
  routingChanged(): void {
    if (this.closed || this.routingTimer) return;
    this.routingTimer = setTimeout(() => {
      this.routingTimer = null;
      void this.syncRouting();
    }, 0);
  }

  /** Push the routing table now and wait until the router has it. */
  syncRouting(): Promise<void> {
    const table = this.routingTable();
    // Metrics samples change dynos every few seconds without changing the table: skip those.
    const json = JSON.stringify(table);
    if (json === this.lastRoutingTable) return this.routingChain;
    this.lastRoutingTable = json;
    this.routingChain = this.routingChain.then(() => this.router.setTable(table)).catch((err: unknown) => {
      this.lastRoutingTable = '';
      // A table the router refuses would silently leave it routing to stale dynos: say so loudly.
      process.emitWarning(`Dynodesk: routing table update failed: ${String(err)}`);
    });
    return this.routingChain;
  }

  routingTable(): RouteApp[] {
    return this.registry.list().map((rec) => ({
      name: rec.name,
      port: rec.port,
      settings: { ...rec.settings },
      webQuantity: rec.build?.commands.web === undefined ? 0 : rec.formation.web ?? 0,
      // Every web dyno in every state, a crashed one waiting to restart (no port) included.
      dynos: this.supervisor.list(rec.name)
        .filter((d) => d.type === 'web' && !d.oneOff)
        // A rolling replacement ("web.1+") routes under its slot's name; the router tells the two
        // generations apart by port and drains the older one.
        .map((d) => ({ name: d.name.replace(/\+$/, ''), port: d.port, state: d.state })),
    }));
  }

  close(): void {
    this.closed = true;
    this.autodeploy.close();
    if (this.dynoTimer) clearTimeout(this.dynoTimer);
    if (this.routingTimer) clearTimeout(this.routingTimer);
    this.dynoTimer = null;
    this.routingTimer = null;
    this.sinks.clear();
  }
}
