// The main-thread side of the router: starts the worker, relays table/drain/stop requests to it and
// stats/log messages from it, and restarts it (same port, same table) if it ever dies.
import { Worker } from 'node:worker_threads';
import { DEFAULT_IDLE_TIMEOUT_S, DEFAULT_MAX_CONNECTIONS } from '../../../shared/defaults.js';
import type { AppStats } from '../../../shared/types.js';
import { UserError } from '../errors.js';
import type { FromWorker, ToWorker, WorkerInit } from './messages.js';
import { decodeLogBatch } from './log-batch.js';
import { emptyStats } from './stats.js';
import type { RouteApp, RouterHandle, RouterListening, RouterLogLine, RouterOptions } from './types.js';
import { validateHost, validateOptions, validateTable } from './validate.js';
import { workerEntry } from './worker-launch.js';

/** Knobs with sensible defaults that the engine does not need to set (tests shorten them). */
export interface RouterTuning {
  /** a request head must arrive within this (default 10 s) → 408 */
  headersTimeoutMs?: number;
  /** idle keep-alive client connections are closed after this (default 60 s) */
  keepAliveTimeoutMs?: number;
  /** a dyno connection must be established within this (default 5 s, as on Heroku) → H19 */
  connectTimeoutMs?: number;
  /** where dynos listen (default 127.0.0.1) */
  upstreamHost?: string;
}

/** Extra observability, for tests and diagnostics. */
export interface RouterDiagnostics {
  /** how many times the worker died and was restarted */
  readonly workerRestarts: number;
  /** why it died */
  readonly workerErrors: readonly string[];
  /** Test hook: ends the worker as a crash would, to exercise the restart path. */
  killWorkerForTest(): Promise<void>;
}

const STOP_TIMEOUT_MS = 3_000;

type Pending = { resolve: (value?: unknown) => void; reject: (e: Error) => void };

class RouterHost implements RouterHandle, RouterDiagnostics {
  port = 0;
  tlsPort: number | null = null;
  tlsProblem: string | null = null;
  workerRestarts = 0;
  readonly workerErrors: string[] = [];
  private worker: Worker | null = null;
  private table: RouteApp[] = [];
  private readonly statsCache = new Map<string, AppStats>();
  private readonly statsListeners = new Set<(app: string, stats: AppStats) => void>();
  private readonly logListeners = new Set<(lines: RouterLogLine[]) => void>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopping = false;
  private recentDeaths: number[] = [];
  private restartTimer: NodeJS.Timeout | null = null;
  /** The listening address now; a restarted worker binds here, not to the one it first started on. */
  host: string;

  constructor(private readonly init: WorkerInit, private readonly entry: URL | string) {
    this.host = init.host;
  }

  /** Starts a worker; resolves with the port it bound. */
  boot(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      // A restarted worker takes the HTTPS port its predecessor had (the same number, even if it was picked freely).
      const tls = this.init.tls && this.tlsPort !== null ? { ...this.init.tls, port: this.tlsPort, optional: true } : this.init.tls;
      const w = spawnWorker(this.entry, { ...this.init, port, host: this.host, tls });
      this.worker = w;
      let ready = false;
      w.on('message', (m: FromWorker) => {
        if (m.t === 'ready') {
          ready = true;
          this.tlsPort = m.tlsPort;
          this.tlsProblem = m.tlsProblem;
          resolve(m.port);
        } else if (m.t === 'fatal') {
          const msg = m.code === 'EADDRINUSE' ? `router port ${port} is already in use` : `router failed to start: ${m.message}`;
          reject(new UserError(msg, 'failed'));
          void w.terminate();
        } else {
          this.onMessage(m);
        }
      });
      w.on('error', (e) => {
        this.workerErrors.push(e.stack ?? String(e));
        if (!ready) reject(new UserError(`router worker failed: ${e.message}`, 'failed'));
      });
      w.on('exit', (code) => {
        if (this.worker === w) this.worker = null;
        if (!ready) {
          reject(new UserError(`router worker exited during startup (code ${code})`, 'failed'));
          return;
        }
        if (!this.stopping) this.died(code);
      });
    });
  }

  private onMessage(m: FromWorker): void {
    switch (m.t) {
      case 'done': {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        p?.resolve();
        break;
      }
      case 'listening': {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        p?.resolve(m.listening);
        break;
      }
      case 'failed': {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        p?.reject(Object.assign(new Error(m.message), { code: m.code, port: m.port }));
        break;
      }
      case 'stats':
        this.statsCache.set(m.app, m.stats);
        for (const l of this.statsListeners) l(m.app, m.stats);
        break;
      case 'stats-gone':
        this.statsCache.delete(m.app);
        break;
      case 'logs': {
        if (this.logListeners.size === 0) return;
        const lines: RouterLogLine[] = decodeLogBatch(m);
        for (const l of this.logListeners) l(lines);
        break;
      }
    }
  }

  private request(msg: ToWorker): Promise<unknown> {
    const w = this.worker;
    if (!w) return Promise.resolve(); // restarting: the new worker gets the latest table anyway
    return new Promise<unknown>((resolve, reject) => {
      this.pending.set(msg.id, { resolve, reject });
      w.postMessage(msg);
    });
  }

  /** The worker died: answer what it owed, tell the user, and bring it back with the same table. */
  private died(code: number): void {
    this.workerRestarts++;
    const reason = this.workerErrors[this.workerErrors.length - 1]?.split('\n')[0] ?? `exit code ${code}`;
    for (const p of this.pending.values()) p.resolve();
    this.pending.clear();
    this.emitLog(`at=error desc="router worker died (${reason.replace(/"/g, "'")}); restarting"`);
    const now = Date.now();
    this.recentDeaths = this.recentDeaths.filter((t) => now - t < 60_000);
    this.recentDeaths.push(now);
    // Back off if it keeps dying, so a poison input cannot spin a core.
    const delay = Math.min(5_000, 50 * 2 ** (this.recentDeaths.length - 1));
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.stopping) return;
      this.boot(this.port).then(
        () => this.request({ t: 'table', id: this.nextId++, apps: this.table }),
        (e: Error) => {
          this.workerErrors.push(e.message);
          if (!this.stopping) this.died(1);
        },
      );
    }, delay);
  }

  async killWorkerForTest(): Promise<void> {
    this.workerErrors.push('killed by test');
    await this.worker?.terminate();
  }

  private emitLog(text: string): void {
    const time = Date.now();
    const lines = this.table.map((a) => ({ app: a.name, time, text }));
    if (lines.length > 0) for (const l of this.logListeners) l(lines);
    console.error(`dynodesk router: ${text}`);
  }

  async setTable(apps: RouteApp[]): Promise<void> {
    validateTable(apps);
    this.table = apps;
    await this.request({ t: 'table', id: this.nextId++, apps });
  }

  async setHost(host: string): Promise<void> {
    validateHost(host);
    if (this.stopping) throw new UserError('The router is stopping', 'failed');
    const previous = this.host;
    if (host === previous) return;
    try {
      // Without a worker (it is being restarted) this resolves at once and the new worker binds to `host`.
      this.host = host;
      await this.request({ t: 'host', id: this.nextId++, host });
    } catch (err) {
      this.host = previous;
      const e = err as Error & { code?: string; port?: number };
      if (e.port === undefined) throw new UserError(`The router could not move to ${host}: ${e.message}`, 'failed');
      const why = e.code === 'EADDRINUSE' ? 'another program is using it'
        : e.code === 'EACCES' ? 'permission denied'
          : e.code === 'EADDRNOTAVAIL' ? 'that address is not available on this machine' : e.code ?? 'failed';
      throw new UserError(`Could not listen on port ${e.port} on ${host} (${why}); the router stays on ${previous}.`, 'failed');
    }
  }

  async listening(): Promise<RouterListening> {
    const value = await this.request({ t: 'listening', id: this.nextId++ });
    // No answer (the worker is restarting): nothing is listening right now.
    return (value as RouterListening | undefined) ?? { host: this.host, shared: this.port, apps: [] };
  }

  drain(app: string, dyno: string, timeoutMs: number): Promise<void> {
    // Also bounded here, in case the worker dies mid-drain.
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, timeoutMs) + 1_000);
      this.request({ t: 'drain', id: this.nextId++, app, dyno, timeoutMs }).then(() => {
        clearTimeout(timer);
        resolve();
      }, resolve);
    });
  }

  stats(app: string): AppStats {
    return this.statsCache.get(app) ?? emptyStats();
  }

  onStats(listener: (app: string, stats: AppStats) => void): () => void {
    this.statsListeners.add(listener);
    return () => this.statsListeners.delete(listener);
  }

  onLog(listener: (lines: RouterLogLine[]) => void): () => void {
    this.logListeners.add(listener);
    return () => this.logListeners.delete(listener);
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const w = this.worker;
    if (!w) return;
    await Promise.race([
      this.request({ t: 'stop', id: this.nextId++ }),
      new Promise((r) => setTimeout(r, STOP_TIMEOUT_MS).unref()),
    ]);
    await w.terminate();
    this.statsListeners.clear();
    this.logListeners.clear();
  }
}

/**
 * Workers inherit the process's execArgv. Some of it stops a file-based worker from starting
 * (--input-type from `node --input-type=module -e`; per-process flags such as --perf-basic-prof are
 * refused outright), so fall back to a cleaned list, then to none.
 */
function spawnWorker(entry: URL | string, workerData: WorkerInit): Worker {
  const inherited = process.execArgv;
  const cleaned = inherited.filter((a) => !a.startsWith('--input-type'));
  const attempts: Array<string[] | undefined> = cleaned.length === inherited.length ? [undefined, []] : [cleaned, []];
  let last: unknown;
  for (const execArgv of attempts) {
    try {
      return new Worker(entry, execArgv ? { workerData, execArgv } : { workerData });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw e;
      last = e;
    }
  }
  throw last;
}

/** Starts the router worker and binds the shared port. */
export async function startRouter(opts: RouterOptions & RouterTuning): Promise<RouterHandle & RouterDiagnostics> {
  validateOptions(opts);
  const init: WorkerInit = {
    host: opts.host,
    port: opts.port,
    requestTimeoutMs: opts.requestTimeoutMs,
    idleTimeoutMs: opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_S * 1000,
    bootTimeoutMs: opts.bootTimeoutMs,
    connectTimeoutMs: opts.connectTimeoutMs ?? 5_000,
    headersTimeoutMs: opts.headersTimeoutMs ?? 10_000,
    keepAliveTimeoutMs: opts.keepAliveTimeoutMs ?? 60_000,
    maxConnections: opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    forbiddenPorts: [...opts.forbiddenPorts],
    upstreamHost: opts.upstreamHost ?? '127.0.0.1',
    tls: opts.tls ?? null,
  };
  const host = new RouterHost(init, workerEntry(import.meta.url, opts.workerPath));
  host.port = await host.boot(opts.port);
  return host;
}
