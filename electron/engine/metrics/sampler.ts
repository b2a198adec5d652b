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
  private running = false;

  constructor(private readonly opts: MetricsSamplerOptions) {}

  /** Starts the periodic sampling; returns the stop function. No-op where processes can't be read. */
  start(): () => void {
    if (this.timer || !canReadProcesses()) return () => this.stop();
    this.timer = setInterval(() => { void this.sampleNow(); }, this.opts.intervalMs ?? DEFAULT_SAMPLE_INTERVAL_MS);
    this.timer.unref();
    return () => this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One sample now (also used by tests and at stop time). Overlapping calls are skipped. */
  async sampleNow(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const targets = this.opts.targets();
      if (targets.length === 0) {
        this.marks.clear();
        return;
      }
      const table = await this.opts.scanner.snapshot(0);
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
    } finally {
      this.running = false;
    }
  }
}
