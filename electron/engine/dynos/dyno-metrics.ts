// CPU and memory of every live dyno, from the one metrics sampler (metrics/sampler.ts), and Heroku's
// R14 in the app's log while a dyno stays over its memory quota.
import type { ProcessTable } from '../metrics/process-table.js';
import type { ProcessScanner } from '../metrics/process-scanner.js';
import { MetricsSampler, type Sample, type SampleTarget } from '../metrics/sampler.js';
import { safely } from './dyno-context.js';
import { lifecycleText } from './lifecycle-text.js';
import type { Generation, Slot } from './slot.js';
import type { SupervisorHooks } from './types.js';

/** Heroku repeats R14 while a dyno stays over quota; once every 20 s is enough. */
const R14_REPEAT_MS = 20_000;

export interface LiveGeneration {
  app: string;
  slot: Slot;
  gen: Generation;
}

export interface DynoMetricsOptions {
  scanner: ProcessScanner;
  intervalMs: number;
  hooks: SupervisorHooks;
  /** Every generation the supervisor holds now, leaving apps included. */
  generations(): Iterable<LiveGeneration>;
  /** The app's current memory quota (a settings change applies without a restart); undefined once it is gone. */
  quotaMb(app: string): number | undefined;
  /** The sample changed a figure of the app's dynos. */
  changed(app: string): void;
  /** Runs first with each sample's snapshot, so process trees learn from it before they are added up. */
  prepare(table: ProcessTable): void;
}

export class DynoMetrics {
  private readonly sampler: MetricsSampler;
  private readonly stopSampler: () => Promise<void>;

  constructor(private readonly opts: DynoMetricsOptions) {
    this.sampler = new MetricsSampler({
      scanner: opts.scanner,
      intervalMs: opts.intervalMs,
      targets: () => this.targets(),
      prepare: (table) => opts.prepare(table),
      onSample: (samples) => this.apply(samples),
    });
    this.stopSampler = this.sampler.start();
  }

  /** Take a sample now instead of waiting for the next tick (tests, benchmarks). */
  sampleNow(): Promise<void> {
    return this.sampler.sampleNow();
  }

  /** A sample still scanning is waited for, so no hook runs once this resolves. */
  stop(): Promise<void> {
    return this.stopSampler();
  }

  private targets(): SampleTarget[] {
    const targets: SampleTarget[] = [];
    for (const { app, slot, gen } of this.opts.generations()) {
      if (gen.proc.exited) continue;
      targets.push({ id: sampleId(app, slot, gen), pids: () => gen.proc.tree.members().map((m) => m.pid) });
    }
    return targets;
  }

  private apply(samples: Sample[]): void {
    const byId = new Map(samples.map((s) => [s.id, s]));
    const changedApps = new Set<string>();
    const now = Date.now();
    for (const { app, slot, gen } of this.opts.generations()) {
      const s = byId.get(sampleId(app, slot, gen));
      if (!s || gen.proc.exited) continue;
      if (s.cpuPercent !== gen.proc.cpuPercent || s.memoryBytes !== gen.proc.memoryBytes) changedApps.add(app);
      gen.proc.cpuPercent = s.cpuPercent;
      gen.proc.memoryBytes = s.memoryBytes;
      // The app's current quota, else the spawn-time one.
      const quotaMb = this.opts.quotaMb(app) ?? gen.release.memoryQuotaMb;
      const quotaBytes = quotaMb * 1024 * 1024;
      if (quotaBytes > 0 && s.memoryBytes > quotaBytes && now - gen.lastR14At >= R14_REPEAT_MS) {
        gen.lastR14At = now;
        safely(() => this.opts.hooks.lifecycle(app, slot.name, lifecycleText.memory(s.memoryBytes, quotaMb)));
        safely(() => this.opts.hooks.lifecycle(app, slot.name, lifecycleText.memoryQuota()));
      }
    }
    for (const app of changedApps) this.opts.changed(app);
  }
}

function sampleId(app: string, slot: Slot, gen: Generation): string {
  return `${app}\u0000${slot.name}\u0000${gen.proc.pid}`;
}
