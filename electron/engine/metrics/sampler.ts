// One timer samples every dyno's process tree (not a timer per dyno): the caller lists targets,
// the sampler takes one process snapshot and reports CPU% and memory per target.
import { canReadProcesses, type ProcessTable } from './process-table.js';
import type { ProcessScanner } from './process-scanner.js';
import { treeUsage, type CpuMarks } from './tree-usage.js';

export const DEFAULT_SAMPLE_INTERVAL_MS = 3000;

export interface SampleTarget {
  /** Stable per dyno generation, e.g. "myapp/web.1#3". */
  id: string;
  /** The processes to add up; called after `prepare` so trees can learn from the same snapshot. */
  pids(): number[];
}

export interface Sample {
  id: string;
  cpuPercent: number | null;
  memoryBytes: number;
}

export interface MetricsSamplerOptions {
  scanner: ProcessScanner;
  intervalMs?: number;
  targets(): SampleTarget[];
  /** Runs first with the snapshot (the supervisor updates its process trees here). */
  prepare?(table: ProcessTable): void;
  onSample(samples: Sample[]): void;
}

export class MetricsSampler {
  private timer: NodeJS.Timeout | null = null;
  private marks = new Map<string, { marks: CpuMarks; at: number }>();
  /** The sample being taken; at most one at a time. */
  private inflight: Promise<void> | null = null;
  private stopped = false;
  private skipped = 0;

  constructor(private readonly opts: MetricsSamplerOptions) {}

  /**
   * Starts the periodic sampling; returns the stop function (see stop()). No timer where processes
   * can't be read.
   */
  start(): () => Promise<void> {
    if (this.timer || this.stopped || !canReadProcesses()) return () => this.stop();
    this.timer = setInterval(() => this.tick(), this.opts.intervalMs ?? DEFAULT_SAMPLE_INTERVAL_MS);
    this.timer.unref();
    return () => this.stop();
  }

  /**
   * Stops the timer and waits for a sample in progress; that sample's snapshot is dropped (no
   * prepare, no onSample), so nothing of the sampler runs once this resolves.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inflight?.catch(() => undefined);
  }

  /** Ticks that found the previous sample still running and were skipped (diagnostics, tests). */
  get skippedTicks(): number {
    return this.skipped;
  }

  /** One sample now (tests, benchmarks). A call during a sample shares it rather than starting another. */
  sampleNow(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.inflight ??= this.sampleOnce().finally(() => { this.inflight = null; });
    return this.inflight;
  }

  private tick(): void {
    // A slow scan (a loaded machine, thousands of processes) must not pile up behind itself.
    if (this.inflight) {
      this.skipped++;
      return;
    }
    // A throwing hook must not become an unhandled rejection that takes the engine down;
    // the next tick tries again.
    this.sampleNow().catch(() => undefined);
  }

  private async sampleOnce(): Promise<void> {
    const targets = this.opts.targets();
    if (targets.length === 0) {
      this.marks.clear();
      return;
    }
    const table = await this.opts.scanner.snapshot(0);
    if (this.stopped) return;
    this.opts.prepare?.(table);
    const now = Date.now();
    const samples: Sample[] = [];
    const nextMarks = new Map<string, { marks: CpuMarks; at: number }>();
    for (const t of targets) {
      const prev = this.marks.get(t.id);
      const usage = treeUsage(table, t.pids(), prev?.marks ?? null, prev ? now - prev.at : 0);
      nextMarks.set(t.id, { marks: usage.marks, at: now });
      samples.push({ id: t.id, cpuPercent: usage.cpuPercent, memoryBytes: usage.memoryBytes });
    }
    this.marks = nextMarks;
    this.opts.onSample(samples);
  }
}
