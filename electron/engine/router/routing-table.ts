// The worker's view of the routing table: apps, their dynos (with pools and drain state) and requests
// waiting for a dyno to come up. Dynos are keyed by name and port, since each generation gets a fresh
// port: a replacement never inherits its predecessor's drain state or pooled sockets.
import type { AppSettings, DynoState } from '../../../shared/types.js';
import { pick, type Cursor } from './balancer.js';
import { coarseNow } from './clock.js';
import type { RouterErrorCode } from './error-pages.js';
import type { RouteApp } from './types.js';
import { closeIdle, type PoolDyno, type UpstreamConn } from './upstream-pool.js';

/** Consecutive connect failures after which a dyno is ejected, and for how long. */
const EJECT_AFTER_FAILURES = 2;
const EJECT_MS = 5_000;

let dynoSeq = 0;

/** Something that holds a dyno open: a proxied WebSocket. */
export interface Closable {
  close(): void;
}

export class DynoRuntime implements PoolDyno {
  state: DynoState;
  draining = false;
  removed = false;
  forbidden = false;
  /** in-flight requests */
  active = 0;
  readonly idle: UpstreamConn[] = [];
  readonly open = new Set<UpstreamConn>();
  readonly tunnels = new Set<Closable>();
  private connectFailures = 0;
  private ejectedUntil = 0;
  private drainWaiters: Array<() => void> = [];

  /** creation order: lower is an older generation */
  readonly seq = ++dynoSeq;

  constructor(
    readonly app: string, readonly name: string, readonly port: number | null, state: DynoState,
    readonly onPooled: () => void = () => {},
  ) {
    this.state = state;
  }

  poolable(): boolean {
    return !this.draining && !this.removed;
  }

  routable(): boolean {
    return this.state === 'up' && this.port !== null && !this.draining && !this.removed && !this.forbidden;
  }

  ejected(now: number): boolean {
    return this.ejectedUntil > now;
  }

  connectFailed(): void {
    if (++this.connectFailures >= EJECT_AFTER_FAILURES) this.ejectedUntil = coarseNow() + EJECT_MS;
  }

  connectSucceeded(): void {
    this.connectFailures = 0;
    this.ejectedUntil = 0;
  }

  /** Called whenever active or tunnels shrink. */
  settle(): void {
    if (this.active > 0 || this.tunnels.size > 0 || this.drainWaiters.length === 0) return;
    const ws = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of ws) w();
  }

  /** Out of rotation; resolves when idle, or after timeoutMs with whatever is left cut off. */
  drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    closeIdle(this, Infinity);
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        for (const c of [...this.open]) c.socket.destroy();
        for (const t of [...this.tunnels]) t.close();
        done();
      }, Math.max(0, timeoutMs));
      const done = (): void => {
        clearTimeout(timer);
        this.drainWaiters = this.drainWaiters.filter((w) => w !== done);
        resolve();
      };
      this.drainWaiters.push(done);
      this.settle();
    });
  }
}

/** A request waiting for a dyno of its app to come up. */
export interface Waiter {
  retryRoute(): void;
}

export class AppRoute {
  settings: AppSettings;
  port: number;
  /** web dynos the formation asks for */
  webQuantity = 0;
  dynos: DynoRuntime[] = [];
  readonly cursor: Cursor = { next: -1 };
  readonly waiters = new Set<Waiter>();
  /** The Host given to dynos when an HTTP/1.0 client sent none. */
  readonly defaultHost: string;
  constructor(readonly name: string, route: RouteApp) {
    this.defaultHost = `${name}.localhost`;
    this.settings = route.settings;
    this.port = route.port;
  }

  /**
   * A dyno to send to; 'wait' while one is booting; or the H-code that says why not: H14 only when the
   * formation has no web dynos, H10 when the ones it has are crashed (not merely between states).
   */
  choose(exclude: DynoRuntime | null): DynoRuntime | 'wait' | RouterErrorCode {
    const now = coarseNow();
    let routable: DynoRuntime[] = [];
    let healthy = 0;
    for (const d of this.dynos) {
      if (!d.routable()) continue;
      routable.push(d);
      if (!d.ejected(now)) healthy++;
    }
    // Ejected dynos only get traffic when nothing else can take it.
    if (healthy > 0 && healthy < routable.length) routable = routable.filter((d) => !d.ejected(now));
    if (exclude && routable.length > 1) routable = routable.filter((d) => d !== exclude);
    if (routable.length > 0) return pick(routable, this.settings.algorithm, this.cursor);
    if (this.webQuantity === 0) return 'H14';
    const live = this.dynos.filter((d) => !d.removed);
    if (live.some((d) => d.state === 'starting')) return 'wait';
    if (live.some((d) => d.state === 'crashed')) return 'H10';
    // Between states (a restart stopping the old process, a slot about to spawn): the next one boots.
    return 'wait';
  }
}

export class RoutingTable {
  readonly apps = new Map<string, AppRoute>();
  private readonly byPort = new Map<number, AppRoute>();

  /** onPooled: a dyno pooled an idle socket */
  constructor(private readonly forbidden: Set<number>, private readonly onPooled: () => void = () => {}) {}

  app(name: string): AppRoute | undefined {
    return this.apps.get(name);
  }

  appOnPort(port: number): AppRoute | undefined {
    return this.byPort.get(port);
  }

  /**
   * The dyno to drain by that name. During a rolling restart the replacement may carry the same name
   * (on a new port): the oldest generation is the one leaving.
   */
  dyno(app: string, name: string): DynoRuntime | undefined {
    let best: DynoRuntime | undefined;
    for (const d of this.apps.get(app)?.dynos ?? []) {
      if (d.name !== name || d.removed || d.port === null) continue; // a portless entry has nothing to drain
      if (!best || d.seq < best.seq) best = d;
    }
    return best;
  }

  update(routes: RouteApp[]): void {
    const seen = new Set<string>();
    this.byPort.clear();
    for (const r of routes) {
      seen.add(r.name);
      let a = this.apps.get(r.name);
      if (!a) {
        a = new AppRoute(r.name, r);
        this.apps.set(r.name, a);
      }
      a.settings = r.settings;
      a.port = r.port;
      a.webQuantity = r.webQuantity ?? r.dynos.length;
      if (r.port > 0) this.byPort.set(r.port, a);
      const old = new Map(a.dynos.map((d) => [`${d.name}@${d.port}`, d]));
      const next: DynoRuntime[] = [];
      for (const rd of r.dynos) {
        const key = `${rd.name}@${rd.port}`;
        const d = old.get(key) ?? new DynoRuntime(r.name, rd.name, rd.port, rd.state, this.onPooled);
        old.delete(key);
        d.state = rd.state;
        d.forbidden = rd.port !== null && this.forbidden.has(rd.port);
        next.push(d);
      }
      for (const gone of old.values()) retire(gone);
      a.dynos = next;
    }
    for (const [name, a] of this.apps) {
      if (seen.has(name)) continue;
      for (const d of a.dynos) retire(d);
      a.dynos = [];
      this.apps.delete(name);
    }
  }

  /** Every dyno in the table. */
  allDynos(): DynoRuntime[] {
    const out: DynoRuntime[] = [];
    for (const a of this.apps.values()) out.push(...a.dynos);
    return out;
  }
}

function retire(d: DynoRuntime): void {
  d.removed = true;
  closeIdle(d, Infinity);
}
