// Per-app and per-dyno routing stats, aggregated in the worker with fixed-size structures so recording
// a request costs a few array writes. Snapshots (the AppStats DTO) are built only when pushed.
import type { AppStats, DynoStats, LatencyMs, RpsWindows, StatusClasses } from '../../../shared/types.js';
import { Histogram } from './histogram.js';

const RING = 64; // seconds of per-second counts (covers the 60 s window)
// Latency percentiles cover the current and previous window: between 30 and 60 s of history.
const LATENCY_WINDOW_MS = 30_000;

class Counters {
  requests = 0;
  readonly statuses = [0, 0, 0, 0];
  bytesIn = 0;
  bytesOut = 0;
  open = 0;
  private readonly perSecond = new Uint32Array(RING);
  private lastSec = 0;
  private hist = new Histogram();
  private prevHist = new Histogram();
  private histSince = 0;

  private advance(sec: number): void {
    if (sec <= this.lastSec) return;
    const steps = Math.min(RING, sec - this.lastSec);
    for (let i = 1; i <= steps; i++) this.perSecond[(this.lastSec + i) % RING] = 0;
    this.lastSec = sec;
  }

  private rotate(nowMs: number): void {
    if (nowMs - this.histSince < LATENCY_WINDOW_MS) return;
    const old = this.prevHist;
    old.reset();
    // Two windows idle: the previous one is stale too.
    this.prevHist = nowMs - this.histSince >= 2 * LATENCY_WINDOW_MS ? (this.hist.reset(), this.hist) : this.hist;
    this.hist = old;
    this.histSince = nowMs;
  }

  record(nowMs: number, status: number, latencyUs: number, bytesIn: number, bytesOut: number): void {
    const sec = Math.floor(nowMs / 1000);
    this.advance(sec);
    this.perSecond[sec % RING]!++;
    this.rotate(nowMs);
    this.hist.record(latencyUs);
    this.requests++;
    const cls = Math.floor(status / 100) - 2;
    if (cls >= 0 && cls <= 3) this.statuses[cls]!++;
    this.bytesIn += bytesIn;
    this.bytesOut += bytesOut;
  }

  /** Requests in `seconds` one-second buckets, ending with the current one (if `current`) or the last complete one. */
  sum(nowMs: number, seconds: number, current: boolean): number {
    const sec = Math.floor(nowMs / 1000);
    this.advance(sec);
    let n = 0;
    const first = current ? 0 : 1;
    for (let i = first; i < first + seconds; i++) n += this.perSecond[(sec - i + RING * 2) % RING] as number;
    return n;
  }

  rps(nowMs: number): RpsWindows {
    // 1 s is the last complete second (the current one is partial); the longer windows include the
    // current second so a burst shows up at once.
    return { '1s': this.sum(nowMs, 1, false), '10s': this.sum(nowMs, 10, true) / 10, '60s': this.sum(nowMs, 60, true) / 60 };
  }

  latency(nowMs: number): LatencyMs {
    this.rotate(nowMs);
    const [p50, p95, p99] = Histogram.percentiles([this.hist, this.prevHist], [50, 95, 99]);
    const ms = (us: number | undefined): number => Math.round((us ?? 0) / 10) / 100;
    return { p50: ms(p50), p95: ms(p95), p99: ms(p99) };
  }

  /** Nothing in a snapshot can change until the next event: no open requests, empty windows. */
  settled(nowMs: number): boolean {
    this.rotate(nowMs);
    return this.open === 0 && this.hist.total === 0 && this.prevHist.total === 0 && this.sum(nowMs, 60, true) === 0;
  }

  statusClasses(): StatusClasses {
    const [a, b, c, d] = this.statuses as [number, number, number, number];
    return { '2xx': a, '3xx': b, '4xx': c, '5xx': d };
  }
}

class AppCounters extends Counters {
  readonly dynos = new Map<string, Counters>();
  // One-entry cache: a request touches the same dyno's counters several times (open, record, close).
  private lastName = '';
  private last: Counters | null = null;
  forget(name: string): void {
    this.dynos.delete(name);
    this.last = null;
  }

  dyno(name: string): Counters {
    if (name === this.lastName && this.last) return this.last;
    let c = this.dynos.get(name);
    if (!c) {
      c = new Counters();
      this.dynos.set(name, c);
    }
    this.lastName = name;
    this.last = c;
    return c;
  }
}

export class RouterStats {
  private readonly apps = new Map<string, AppCounters>();
  /** something was recorded or opened since takeActivity() last ran */
  private active = false;

  /** onActivity: called on the first event after takeActivity() (wakes the stats pusher). */
  constructor(private readonly onActivity: () => void = () => {}) {}

  private touch(): void {
    if (!this.active) {
      this.active = true;
      this.onActivity();
    }
  }

  /** Whether anything happened since the last call. */
  takeActivity(): boolean {
    const a = this.active;
    this.active = false;
    return a;
  }

  /** Every app's snapshot stays as it is until the next event. */
  settled(now: number): boolean {
    for (const a of this.apps.values()) {
      if (!a.settled(now)) return false;
      for (const d of a.dynos.values()) if (!d.settled(now)) return false;
    }
    return true;
  }

  private lastName = '';
  private last: AppCounters | null = null;

  private app(name: string): AppCounters {
    if (name === this.lastName && this.last) return this.last;
    let a = this.apps.get(name);
    if (!a) {
      a = new AppCounters();
      this.apps.set(name, a);
    }
    this.lastName = name;
    this.last = a;
    return a;
  }

  /** One finished request (now: epoch ms); dyno is '' when the router answered itself. */
  record(now: number, app: string, dyno: string, status: number, latencyUs: number, bytesIn: number, bytesOut: number): void {
    this.touch();
    const a = this.app(app);
    a.record(now, status, latencyUs, bytesIn, bytesOut);
    if (dyno) a.dyno(dyno).record(now, status, latencyUs, bytesIn, bytesOut);
  }

  /** An in-flight request or open WebSocket of the app started (+1) or ended (-1). */
  openApp(app: string, delta: number): void {
    this.touch();
    this.app(app).open += delta;
  }

  /** Same, for the dyno it was given to. */
  openDyno(app: string, dyno: string, delta: number): void {
    this.touch();
    this.app(app).dyno(dyno).open += delta;
  }

  /** Forget apps and dynos that left the routing table (unless something is still open on them). */
  prune(table: Map<string, Set<string>>): string[] {
    const removed: string[] = [];
    this.last = null;
    for (const [name, a] of this.apps) {
      const dynos = table.get(name);
      if (!dynos && a.open === 0) {
        this.apps.delete(name);
        removed.push(name);
        continue;
      }
      for (const [d, c] of a.dynos) {
        if (!dynos?.has(d) && c.open === 0) a.forget(d);
      }
    }
    return removed;
  }

  appNames(): string[] {
    return [...this.apps.keys()];
  }

  snapshot(app: string): AppStats {
    const now = Date.now();
    const a = this.app(app);
    const total60 = a.sum(now, 60, true);
    const dynos: Record<string, DynoStats> = {};
    for (const [name, c] of a.dynos) {
      dynos[name] = {
        requests: c.requests, rps: c.rps(now), statuses: c.statusClasses(), latencyMs: c.latency(now),
        bytesIn: c.bytesIn, bytesOut: c.bytesOut, openConnections: c.open,
        share: total60 === 0 ? 0 : Math.round((c.sum(now, 60, true) / total60) * 1000) / 1000,
      };
    }
    return {
      requests: a.requests, rps: a.rps(now), statuses: a.statusClasses(), latencyMs: a.latency(now),
      bytesIn: a.bytesIn, bytesOut: a.bytesOut, openConnections: a.open, dynos,
    };
  }
}

export function emptyStats(): AppStats {
  const zero = { p50: 0, p95: 0, p99: 0 };
  return {
    requests: 0, rps: { '1s': 0, '10s': 0, '60s': 0 }, statuses: { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 },
    latencyMs: zero, bytesIn: 0, bytesOut: 0, openConnections: 0, dynos: {},
  };
}
