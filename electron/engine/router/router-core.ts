// The router as it runs inside the worker: listeners, routing table, the deadline sweeper, stats pushes
// and log batching. It talks to the main thread only through `post`.
import type { Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { STATS_PUSH_HZ } from '../../../shared/defaults.js';
import { ClientConnection, type ConnectionEntry } from './client-connection.js';
import { ClientSet } from './client-set.js';
import { tickClock } from './clock.js';
import { DEFAULT_LIMITS, type ParseLimits } from './http-head.js';
import { Listeners } from './listeners.js';
import { LogBatcher } from './log-batch.js';
import type { FromWorker, WorkerInit } from './messages.js';
import { bindAll, bindWhatCan } from './rebind.js';
import { TLS_ENTRY, TlsListener } from './tls-listener.js';
import { SWEEP_MS, type Expirable, type RouterContext } from './router-context.js';
import { RoutingTable, type AppRoute } from './routing-table.js';
import { RouterStats } from './stats.js';
import type { RouteApp, RouterListening } from './types.js';
import { IDLE_SOCKET_MS, closeIdle } from './upstream-pool.js';
import { WakeTimer } from './wake-timer.js';

const LOG_FLUSH_MS = 100;
const POOL_SWEEP_MS = 1_000;
const STATS_PUSH_MS = 1000 / STATS_PUSH_HZ;
/** How long the list of this machine's LAN addresses is trusted (interfaces come and go). */
const LAN_ADDRESSES_MS = 5_000;

/** The set the sweeper walks; the first member wakes it (a sleeping sweeper means a stale clock). */
class TimedSet extends Set<Expirable> {
  constructor(private readonly onFirst: () => void) {
    super();
  }

  override add(e: Expirable): this {
    if (this.size === 0) this.onFirst();
    return super.add(e);
  }
}

/** How often each of the router's timers has fired (an idle router's counts stay still). */
export interface WakeupCounts {
  sweep: number;
  pools: number;
  stats: number;
  logs: number;
}

export class RouterCore implements RouterContext {
  readonly limits: ParseLimits = DEFAULT_LIMITS;
  readonly requestTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly bootTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly upstreamHost: string;
  readonly table: RoutingTable;
  // Each timer runs only while it has something to do (see wake-timer.ts).
  private readonly sweeper = new WakeTimer(() => this.sweep());
  private readonly poolSweeper = new WakeTimer(() => this.sweepPools());
  private readonly statsPusher = new WakeTimer(() => this.pushStats());
  private readonly logFlusher = new WakeTimer(() => this.flushLogs());
  private lastStatsPush = 0;
  readonly stats = new RouterStats(() => this.statsPusher.wake(Math.max(0, this.lastStatsPush + STATS_PUSH_MS - Date.now())));
  readonly timed: Set<Expirable> = new TimedSet(() => {
    if (!this.sweeper.running) {
      tickClock();
      this.sweeper.wake(SWEEP_MS);
    }
  });
  readonly tunnels = new Set<{ close(): void }>();
  private readonly conns: ClientSet;
  private lan: { addresses: Set<string>; at: number } | null = null;
  private readonly forbidden = new Set<number>();
  private listeners: Listeners;
  /** The address every listening socket is bound to (changes with LAN access). */
  private host: string;
  /** App ports the table asks for, and those of them that are actually open. */
  private wantedAppPorts = new Set<number>();
  private openAppPorts = new Set<number>();
  private readonly lastStats = new Map<string, string>();
  private readonly logs: LogBatcher;
  private sharedPort = 0;
  private tableQueue: Promise<void> = Promise.resolve();
  private stopped = false;
  // --- Local HTTPS (tls-listener.ts): one loopback TLS port, routed by Host like the shared port.
  private tls: TlsListener | null = null;
  tlsPort: number | null = null;
  tlsProblem: string | null = null;
  // ---

  constructor(private readonly init: WorkerInit, private readonly post: (m: FromWorker) => void) {
    this.requestTimeoutMs = init.requestTimeoutMs;
    this.idleTimeoutMs = init.idleTimeoutMs;
    this.bootTimeoutMs = init.bootTimeoutMs;
    this.connectTimeoutMs = init.connectTimeoutMs;
    this.headersTimeoutMs = init.headersTimeoutMs;
    this.keepAliveTimeoutMs = init.keepAliveTimeoutMs;
    this.conns = new ClientSet(init.maxConnections);
    this.upstreamHost = init.upstreamHost;
    this.table = new RoutingTable(this.forbidden, () => {
      if (!this.poolSweeper.running) this.poolSweeper.wake(POOL_SWEEP_MS);
    });
    this.host = init.host;
    this.listeners = new Listeners(init.host, this.handleConnection);
    this.logs = new LogBatcher((batch) => this.post({ t: 'logs', ...batch }));
  }

  async start(): Promise<number> {
    this.sharedPort = await this.listeners.listenShared(this.init.port);
    if (this.init.tls) {
      // Decrypted sockets are handled like the shared port's (routed by Host); a busy optional port leaves HTTPS off.
      const tls = await TlsListener.start(this.init.tls, this.headersTimeoutMs, (s) => this.handleConnection(s, TLS_ENTRY))
        .catch((e: unknown) => { this.listeners.close(); throw e; });
      this.tls = tls.listener;
      this.tlsPort = tls.port;
      this.tlsProblem = tls.problem;
    }
    this.refreshForbidden([]);
    return this.sharedPort;
  }

  /** Diagnostics. */
  wakeups(): WakeupCounts {
    return { sweep: this.sweeper.fired, pools: this.poolSweeper.fired, stats: this.statsPusher.fired, logs: this.logFlusher.fired };
  }

  /** Diagnostics: which timers are scheduled right now. */
  timersRunning(): Record<keyof WakeupCounts, boolean> {
    return { sweep: this.sweeper.running, pools: this.poolSweeper.running, stats: this.statsPusher.running, logs: this.logFlusher.running };
  }

  log(app: string, text: string, time = Date.now()): void {
    this.logs.add(app, text, time);
    if (!this.logFlusher.running) this.logFlusher.wake(LOG_FLUSH_MS);
  }

  lanAddresses(): ReadonlySet<string> | null {
    if (this.host === '127.0.0.1' || this.host === '::1') return null;
    const now = Date.now();
    if (!this.lan || now - this.lan.at > LAN_ADDRESSES_MS) {
      const addresses = new Set<string>();
      for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) addresses.add(a.address.toLowerCase());
      this.lan = { addresses, at: now };
    }
    return this.lan.addresses;
  }

  /**
   * Takes over an accepted client connection (plain, or decrypted by a TLS listener): it is read,
   * routed and answered like any other. Over the connection cap, the idlest keep-alive connections
   * are closed to make room; when all are busy it is turned away.
   */
  readonly handleConnection = (socket: Socket, entry: ConnectionEntry): void => {
    if (this.stopped || !this.conns.admit()) {
      socket.destroy();
      return;
    }
    const conn = new ClientConnection(socket, this, entry);
    this.conns.add(conn);
    socket.once('close', () => this.conns.delete(conn));
  };

  /**
   * Move every listening socket to `host` (LAN access on/off), queued with table updates so the two
   * never race for a port. Rejects with a BindError, after going back to the old address, if a port
   * that is open now cannot be bound there.
   */
  setHost(host: string): Promise<void> {
    const run = this.tableQueue.then(() => this.rebind(host));
    this.tableQueue = run.catch(() => {});
    return run;
  }

  /** Diagnostics: the address and ports listening now (after any queued change). */
  listening(): Promise<RouterListening> {
    const run = this.tableQueue.then(() => ({ host: this.host, shared: this.sharedPort, apps: [...this.openAppPorts].sort((a, b) => a - b) }));
    this.tableQueue = run.then(() => {}, () => {});
    return run;
  }

  /** Table updates are applied one at a time, so listeners never race each other for a port. */
  setTable(apps: RouteApp[]): Promise<void> {
    const run = this.tableQueue.then(() => this.applyTable(apps));
    this.tableQueue = run.catch(() => {});
    return run;
  }

  async drain(app: string, dyno: string, timeoutMs: number): Promise<void> {
    await this.table.dyno(app, dyno)?.drain(timeoutMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of [this.sweeper, this.poolSweeper, this.statsPusher, this.logFlusher]) t.stop();
    this.listeners.close();
    this.tls?.close();
    for (const c of this.conns.values()) c.destroy();
    for (const t of this.tunnels) t.close();
    for (const d of this.table.allDynos()) {
      closeIdle(d, Infinity);
      for (const c of [...d.open]) c.socket.destroy();
    }
    this.logs.flush();
    this.logFlusher.stop();
  }

  private async rebind(host: string): Promise<void> {
    if (this.stopped || host === this.host) return;
    const previous = this.host;
    // Linux refuses 0.0.0.0:P while 127.0.0.1:P is listening, so the old sockets close first.
    // Closing a listening socket leaves the connections it accepted open: nobody is cut off.
    this.listeners.close();
    try {
      const bound = await bindAll(host, this.sharedPort, this.wantedAppPorts, this.openAppPorts, this.handleConnection);
      this.listeners = bound.listeners;
      this.openAppPorts = bound.open;
      this.host = host;
    } catch (err) {
      const back = await bindWhatCan(previous, this.sharedPort, this.wantedAppPorts, this.handleConnection);
      this.listeners = back.listeners;
      this.openAppPorts = back.open;
      for (const problem of back.problems) {
        // Someone took a port in the moment it was free: say so in every app's log.
        for (const app of this.table.apps.keys()) this.log(app, `at=error desc="router could not go back to ${previous}: ${problem}"`);
      }
      throw err;
    } finally {
      // stop() may have run while we were binding: it closed the old set, not this one.
      if (this.stopped) this.listeners.close();
    }
  }

  private refreshForbidden(apps: RouteApp[]): void {
    // The router never forwards to itself (a loop) or to the engine's own ports.
    this.forbidden.clear();
    for (const p of this.init.forbiddenPorts) this.forbidden.add(p);
    this.forbidden.add(this.sharedPort);
    if (this.tlsPort !== null) this.forbidden.add(this.tlsPort);
    for (const a of apps) if (a.port > 0) this.forbidden.add(a.port);
  }

  private async applyTable(apps: RouteApp[]): Promise<void> {
    this.refreshForbidden(apps);
    const before: AppRoute[] = [...this.table.apps.values()];
    this.table.update(apps);
    const portApp = new Map<number, string>();
    for (const a of apps) {
      if (a.port <= 0) continue;
      if (a.port === this.sharedPort || this.init.forbiddenPorts.includes(a.port)) {
        this.log(a.name, `at=error desc="app port ${a.port} is reserved; not listening on it"`);
        continue;
      }
      portApp.set(a.port, a.name);
    }
    this.wantedAppPorts = new Set(portApp.keys());
    const failed = await this.listeners.sync(this.wantedAppPorts);
    this.openAppPorts = new Set([...this.wantedAppPorts].filter((p) => !failed.has(p)));
    for (const [port, why] of failed) {
      this.log(portApp.get(port) as string, `at=error desc="cannot listen on app port ${port}: ${why}"`);
    }
    // Queued requests (waiting for a dyno to come up) re-evaluate against the new table;
    // requests for apps that left it get their H14.
    const routes = new Set<AppRoute>([...before, ...this.table.apps.values()]);
    for (const a of routes) for (const w of [...a.waiters]) w.retryRoute();
    const present = new Map<string, Set<string>>();
    for (const a of apps) present.set(a.name, new Set(a.dynos.map((d) => d.name)));
    for (const gone of this.stats.prune(present)) {
      this.lastStats.delete(gone);
      this.post({ t: 'stats-gone', app: gone });
    }
  }

  private sweep(): number | false {
    const now = tickClock();
    for (const t of this.timed) t.expire(now);
    return this.timed.size > 0 && !this.stopped ? SWEEP_MS : false;
  }

  private sweepPools(): number | false {
    const cutoff = Date.now() - IDLE_SOCKET_MS;
    let left = false;
    for (const d of this.table.allDynos()) {
      closeIdle(d, cutoff);
      if (d.idle.length > 0) left = true;
    }
    return left && !this.stopped ? POOL_SWEEP_MS : false;
  }

  /**
   * While requests flow: every STATS_PUSH_MS. Once they stop, the rps windows and latency histograms
   * still age (a snapshot changes at second boundaries for up to ~90 s), so push once a second until
   * nothing can change any more, then sleep until the next request.
   */
  private pushStats(): number | false {
    const active = this.stats.takeActivity();
    this.lastStatsPush = Date.now();
    // Checked before the snapshots: once settled, a snapshot stays as it is, so the last push is final.
    const settled = !active && this.stats.settled(this.lastStatsPush);
    for (const app of this.stats.appNames()) {
      const stats = this.stats.snapshot(app);
      const json = JSON.stringify(stats);
      if (this.lastStats.get(app) === json) continue;
      this.lastStats.set(app, json);
      this.post({ t: 'stats', app, stats });
    }
    if (this.stopped || settled) return false;
    return active ? STATS_PUSH_MS : 1000 - (Date.now() % 1000) + 5;
  }

  private flushLogs(): number | false {
    this.logs.flush();
    return this.logs.pending && !this.stopped ? LOG_FLUSH_MS : false;
  }

}
