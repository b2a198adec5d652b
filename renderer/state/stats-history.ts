// One sample per second per app for the metrics charts, so a chart opened later already has a past.
import type { StatusClasses } from '../../shared/types.js';
import type { EngineState } from './engine-state.js';

export interface StatsSample {
  /** epoch seconds */
  t: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** requests per second by status class, from the change in the engine's counters since the previous sample */
  s2xx: number;
  s3xx: number;
  s4xx: number;
  s5xx: number;
  requests: number;
  /** the engine's status counters at this sample, to derive the next sample's rates */
  counts: StatusClasses | null;
  share: Record<string, number>;
  cpu: Record<string, number>;
  memMb: Record<string, number>;
}

/** Two minutes at 1 Hz. */
export const HISTORY_POINTS = 120;

export class StatsHistory {
  private readonly samples = new Map<string, StatsSample[]>();
  private readonly listeners = new Set<(app: string) => void>();

  constructor(private readonly read: () => EngineState) {}

  get(app: string): readonly StatsSample[] {
    return this.samples.get(app) ?? [];
  }

  onSample(listener: (app: string) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  start(): () => void {
    const timer = setInterval(() => this.sample(), 1000);
    return () => clearInterval(timer);
  }

  private sample(): void {
    const state = this.read();
    const t = Math.floor(Date.now() / 1000);
    for (const app of state.apps) {
      const stats = state.stats[app.name];
      const dynos = state.dynos[app.name] ?? [];
      const list = this.samples.get(app.name) ?? [];
      const prev = list[list.length - 1];
      const delta = (now: number, before: number | undefined): number => Math.max(0, now - (before ?? now));
      const share: Record<string, number> = {};
      const cpu: Record<string, number> = {};
      const memMb: Record<string, number> = {};
      for (const [name, d] of Object.entries(stats?.dynos ?? {})) share[name] = d.share * 100;
      for (const d of dynos) {
        if (d.cpuPercent !== null) cpu[d.name] = d.cpuPercent;
        if (d.memoryBytes !== null) memMb[d.name] = d.memoryBytes / (1024 * 1024);
      }
      const s = stats?.statuses;
      const elapsed = prev ? Math.max(1, t - prev.t) : 1;
      const rate = (cls: keyof StatusClasses): number => (s && prev?.counts ? delta(s[cls], prev.counts[cls]) / elapsed : 0);
      list.push({
        t,
        rps: stats?.rps['1s'] ?? 0,
        p50: stats?.latencyMs.p50 ?? 0,
        p95: stats?.latencyMs.p95 ?? 0,
        p99: stats?.latencyMs.p99 ?? 0,
        s2xx: rate('2xx'),
        s3xx: rate('3xx'),
        s4xx: rate('4xx'),
        s5xx: rate('5xx'),
        requests: stats?.requests ?? 0,
        share,
        cpu,
        memMb,
        counts: s ? { ...s } : null,
      });
      if (list.length > HISTORY_POINTS) list.splice(0, list.length - HISTORY_POINTS);
      this.samples.set(app.name, list);
      for (const l of [...this.listeners]) l(app.name);
    }
  }
}

