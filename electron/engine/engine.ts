import { readFileSync } from 'node:fs';
import { commandSchemas, isCommandName, type CommandName } from '../../shared/commands.js';
import type { EngineEvent } from '../../shared/events.js';
import type { CommandError, EngineInfo, Result } from '../../shared/types.js';
import { DEFAULT_BOOT_TIMEOUT_S, DEFAULT_GRACE_S, DEFAULT_IDLE_TIMEOUT_S, DEFAULT_REQUEST_TIMEOUT_S, DEFAULT_ROUTER_PORT, DEFAULT_TLS_PORT } from '../../shared/defaults.js';
import { AddonManager } from './addons/addon-manager.js';
import { Autodeploy } from './apps/autodeploy.js';
import { hostEnvironment } from './apps/dyno-env.js';
import { AppRegistry } from './apps/registry.js';
import { loadOrCreateCa } from './certs/local-ca.js';
import { LocalCerts } from './certs/local-certs.js';
import { handlers } from './commands/index.js';
import type { ClientContext, Handler } from './commands/handler.js';
import { reaperUnavailableReason } from './dynos/containment.js';
import { Supervisor } from './dynos/supervisor.js';
import type { TerminalSubscription } from './dynos/types.js';
import { EngineCore } from './engine-core.js';
import { pruneSlugs } from './apps/release-outcome.js';
import type { HookCommand } from './git/app-repo.js';
import { ensureAllRepos } from './git/engine-repos.js';
import { defaultHookCommand } from './git/hook-command.js';
import { UserError, type UserErrorDetails } from './errors.js';
import { LogHub } from './logs/log-hub.js';
import { startRouter } from './router/index.js';
import type { RouterHandle } from './router/types.js';
import { acquireLock, type DataDirLock } from './state/lock.js';
import { ensureDataDir } from './state/private-dir.js';
import { PreferencesStore } from './state/preferences.js';
import { LanAccess, LOOPBACK_HOST, routerHostFor } from './lan/lan-access.js';
import type { RouterListening } from './router/types.js';

export interface EngineOptions {
  dataDir: string;
  /** What app repositories' pre-receive hooks run (node + CLI script); default: this install's (git/hook-command.ts). */
  gitHook?: HookCommand | null;
  /** default 7400; 0 = any free port */
  routerPort?: number;
  /**
   * The router's HTTPS port: default 7443 (if taken: a warning, and HTTPS stays off), or 0 = any free port,
   * which is also the default when routerPort is 0, so that engines on free ports never contend for 7443.
   * null: no HTTPS.
   */
  tlsPort?: number | null;
  /**
   * `dynodesk serve --lan`: LAN access on for this run, whatever the saved preference says (not saved;
   * engine.lan cannot turn it off). Without it, the router follows <dataDir>/preferences.json.
   */
  forceLan?: boolean;
  bootTimeoutS?: number;
  requestTimeoutS?: number;
  /** the router's rolling idle window for responses and WebSockets (default 55 s, as on Heroku) */
  idleTimeoutS?: number;
  /** client connections the router holds at once (default 10,000) */
  maxConnections?: number;
  graceS?: number;
  routerWorkerPath?: string;
  /** Ports of our own servers (the dashboard) that the router must never forward to. */
  forbiddenPorts?: number[];
  /** Reported by engine.info so the UI can offer "Try a sample app". */
  samplePath?: string | null;
  /** Called with problems found at start (a quarantined state file…), for the door to show. */
  onWarning?: (message: string) => void;
}

export interface EngineClient {
  /** Validates the command name and its arguments; never throws: failures come back as values. */
  invoke(cmd: string, args: unknown): Promise<Result<unknown>>;
  close(): void;
}

const VERSION = readVersion();

export class Engine {
  private closing: Promise<void> | null = null;
  private readonly clients = new Set<EngineClient>();

  private constructor(private readonly core: EngineCore, private readonly lock: DataDirLock) {}

  /** Lock the data dir, sweep a dead engine's leftovers, start the router, restore every app's formation. */
  static async open(opts: EngineOptions): Promise<Engine> {
    // Before anything is read or written there: the data dir and what it holds must be ours alone.
    ensureDataDir(opts.dataDir);
    const lock = acquireLock(opts.dataDir);
    let router: RouterHandle | null = null;
    let supervisor: Supervisor | null = null;
    let addons: AddonManager | null = null;
    try {
      const registry = new AppRegistry(opts.dataDir);
      const graceMs = (opts.graceS ?? DEFAULT_GRACE_S) * 1000;
      const bootTimeoutMs = (opts.bootTimeoutS ?? DEFAULT_BOOT_TIMEOUT_S) * 1000;
      const requestTimeoutMs = (opts.requestTimeoutS ?? DEFAULT_REQUEST_TIMEOUT_S) * 1000;
      const preferences = new PreferencesStore(opts.dataDir);
      const prefs = preferences.load();
      if (prefs.warning) opts.onWarning?.(prefs.warning);
      const forceLan = opts.forceLan === true;
      const routerHost = routerHostFor(prefs.value.lanAccess, forceLan);
      // Late-bound: the supervisor's hooks need the core, which needs the supervisor.
      let core: EngineCore | null = null;
      const logs = new LogHub((app, lines) => core?.emit({ event: 'logs.lines', payload: { app, lines } }));
      supervisor = new Supervisor({
        dataDir: opts.dataDir,
        bootTimeoutMs,
        graceMs,
        hooks: {
          dynosChanged: (app) => core?.dynosChanged(app),
          output: (app, dyno, data) => logs.output(app, dyno, data),
          lifecycle: (app, dyno, text) => logs.add(app, 'dynodesk', dyno, text),
          crashed: (app, dyno, exitCode) => core?.emit({ event: 'dyno.crashed', payload: { app, dyno, exitCode, lastLines: logs.lastLines(app, dyno, 20) } }),
          beforeStop: async (app, dyno) => {
            // The router must know about a rolling replacement before its predecessor leaves rotation.
            await core?.syncRouting();
            await core?.router.drain(app, dyno, graceMs);
          },
          routingChanged: () => core?.routingChanged(),
          rolloutStopped: (app, message) => {
            logs.add(app, 'dynodesk', 'api', message.charAt(0).toUpperCase() + message.slice(1));
            core?.appChanged(app);
          },
        },
      });
      const swept = await supervisor.sweepOrphans();
      // Local HTTPS: the CA is made in the data directory on first use and kept (users trust it once).
      const tlsPort = opts.tlsPort === undefined ? (opts.routerPort === 0 ? 0 : DEFAULT_TLS_PORT) : opts.tlsPort;
      const ca = tlsPort === null ? null : await loadOrCreateCa(opts.dataDir);
      const routerOptions = {
        ...(ca && tlsPort !== null ? { tls: { port: tlsPort, optional: opts.tlsPort === undefined && tlsPort === DEFAULT_TLS_PORT, caCertPem: ca.certPem, caKeyPem: ca.keyPem } } : {}),
        port: opts.routerPort ?? DEFAULT_ROUTER_PORT,
        requestTimeoutMs,
        idleTimeoutMs: (opts.idleTimeoutS ?? DEFAULT_IDLE_TIMEOUT_S) * 1000,
        ...(opts.maxConnections ? { maxConnections: opts.maxConnections } : {}),
        bootTimeoutMs,
        forbiddenPorts: opts.forbiddenPorts ?? [],
        ...(opts.routerWorkerPath ? { workerPath: opts.routerWorkerPath } : {}),
      };
      try {
        router = await startRouter({ ...routerOptions, host: routerHost });
      } catch (err) {
        // A saved LAN preference that cannot be honoured (the port is taken on another address) must
        // not keep the engine down: start on this machine only and say so. --lan is asked for: it fails.
        if (routerHost === LOOPBACK_HOST || forceLan) throw err;
        router = await startRouter({ ...routerOptions, host: LOOPBACK_HOST });
        opts.onWarning?.(`LAN access is on in your preferences, but ${err instanceof Error ? err.message : String(err)} on ${routerHost}: the router listens on ${LOOPBACK_HOST} only for now.`);
      }
      const r = router;
      addons = new AddonManager({ dataDir: opts.dataDir, logs, supervisor, env: hostEnvironment() });
      const lan = new LanAccess(preferences, prefs.value, r, forceLan);
      core = new EngineCore(
        {
          dataDir: opts.dataDir,
          get routerHost() { return r.host; },
          bootTimeoutMs, requestTimeoutMs, graceMs, version: VERSION, samplePath: opts.samplePath ?? null,
        },
        registry, supervisor, router, logs, lan,
      );
      core.addons = addons;
      addons.bind(core);
      const c = core;
      core.autodeploy = new Autodeploy(c);
      core.pruneSlugs = (app) => pruneSlugs(c, app);
      if (ca) core.certs = new LocalCerts(ca, () => ({ port: r.tlsPort, problem: r.tlsProblem }));
      if (r.tlsProblem) opts.onWarning?.(r.tlsProblem);
      // Stamped in the router's thread when each request ended; the hub puts them in their place.
      router.onLog((lines) => logs.addTimed('dynodesk', 'router', lines));
      router.onStats((app, stats) => c.emit({ event: 'stats.updated', payload: { app, stats } }));
      if (registry.loadProblem) opts.onWarning?.(registry.loadProblem);
      if (swept > 0) opts.onWarning?.(`Stopped ${swept} process(es) left running by a previous engine that did not exit cleanly.`);
      const uncontained = reaperUnavailableReason();
      if (uncontained) opts.onWarning?.(uncontained);
      await core.syncRouting();
      core.gitHook = opts.gitHook === undefined ? defaultHookCommand(opts.dataDir) : opts.gitHook;
      await ensureAllRepos(core, (message) => opts.onWarning?.(message));
      // Partial slugs of builds a dead engine was running go, as do slugs outside the retention window.
      for (const rec of registry.list()) pruneSlugs(core, rec.name);
      // Databases before dynos: an app's first request may well need its DATABASE_URL.
      await addons.start((message) => opts.onWarning?.(message));
      for (const rec of registry.list()) {
        // One app that can't start must not keep the engine (and every other app) down.
        await core.applyFormation(rec).catch((err: unknown) => {
          opts.onWarning?.(`Could not start ${rec.name}: ${err instanceof Error ? err.message : String(err)}`);
        });
      }
      // After the formations: a watcher must not deploy an app before its dynos are back.
      await core.autodeploy.startAll(opts.onWarning);
      return new Engine(core, lock);
    } catch (err) {
      await supervisor?.shutdown().catch(() => undefined);
      await addons?.stop().catch(() => undefined);
      await router?.stop().catch(() => undefined);
      lock.release();
      throw err;
    }
  }

  get dataDir(): string {
    return this.core.config.dataDir;
  }

  get routerPort(): number {
    return this.core.routerPort;
  }

  /** The router's HTTPS port, or null when HTTPS is off. */
  get tlsPort(): number | null {
    return this.core.router.tlsPort;
  }

  /** What engine.info answers (version, router port, LAN access…). */
  info(): EngineInfo {
    return this.core.info();
  }

  /** Diagnostics: where the router's sockets are listening right now. */
  routerListening(): Promise<RouterListening> {
    return this.core.router.listening();
  }

  setDashboard(url: string | null, port: number | null): void {
    this.core.dashboard = url !== null && port !== null ? { url, port } : null;
  }

  connect(sink: (ev: EngineEvent) => void): EngineClient {
    const terminals = new Map<string, TerminalSubscription>();
    let open = true;
    const ctx: ClientContext = { terminals, send: (ev) => { if (open) sink(ev); } };
    // Terminal bytes reach only the client that opened that terminal (ctx.send, from the command).
    const removeSink = this.core.addSink((ev) => { if (open) sink(ev); });
    const client: EngineClient = {
      invoke: (cmd, args) => (open ? this.invoke(cmd, args, ctx) : Promise.resolve(failure('This connection is closed', 'failed'))),
      close: () => {
        if (!open) return;
        open = false;
        removeSink();
        for (const sub of terminals.values()) sub.close();
        terminals.clear();
        this.clients.delete(client);
      },
    };
    this.clients.add(client);
    return client;
  }

  /** Stop every dyno gracefully, then the router; release the data dir. Idempotent. */
  close(onProgress?: (line: string) => void): Promise<void> {
    this.closing ??= (async () => {
      this.core.emit({ event: 'engine.stopping', payload: { message: 'Stopping all dynos' } });
      // First: no edit may start a deploy while the dynos are being stopped.
      this.core.autodeploy.close();
      for (const c of [...this.clients]) c.close();
      await this.core.supervisor.shutdown(onProgress);
      // Slug removals under way finish: none is left half done.
      await this.core.slugs.idle();
      // After the dynos, which may be writing to them until they stop.
      await this.core.addons.stop();
      await this.core.router.stop();
      this.core.logs.close();
      this.core.close();
      this.lock.release();
    })();
    return this.closing;
  }

  private async invoke(cmd: string, args: unknown, ctx: ClientContext): Promise<Result<unknown>> {
    if (this.closing) return failure('The engine is shutting down', 'failed');
    if (!isCommandName(cmd)) return failure(`Unknown command: ${String(cmd).slice(0, 64)}`, 'invalid');
    const parsed = commandSchemas[cmd].safeParse(args ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      return failure(`Invalid arguments for ${cmd}: ${where}${issue?.message ?? 'invalid'}`, 'invalid');
    }
    try {
      const handler = handlers[cmd] as Handler<CommandName>;
      return { ok: true, value: await handler(this.core, parsed.data as never, ctx) };
    } catch (err) {
      if (err instanceof UserError) return failure(err.message, err.code, err.details);
      const message = err instanceof Error ? err.message : String(err);
      // Not the user's mistake: keep the stack where a developer will see it (the host's stderr).
      process.emitWarning(`Dynodesk: internal error in ${cmd}: ${err instanceof Error ? err.stack ?? message : message}`);
      return failure(message, 'failed');
    }
  }
}

function failure(message: string, code: CommandError['code'], details: UserErrorDetails = {}): Result<never> {
  return { ok: false, error: { message, code, ...details } };
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
