// Fallback tracking, where processes are not contained (no reaper: macOS, or Linux without the
// helper): a process that leaves the dyno's session and group is only ours if a snapshot saw it
// while it was still a descendant. The metrics sample (every 3 s) is too coarse for that, so
// while such trees exist they are refreshed every second, sharing the scanner's snapshot.
import { canReadProcesses, type ProcessTable } from '../metrics/process-table.js';
import type { ProcessScanner } from '../metrics/process-scanner.js';

export const TRACK_INTERVAL_MS = 1000;

export interface TrackedTree {
  update(table: ProcessTable): boolean;
}

export class MembershipTracker {
  private timer: NodeJS.Timeout | null = null;
  private inflight: Promise<void> | null = null;

  constructor(
    private readonly scanner: ProcessScanner,
    /** The trees to keep current right now (an empty list costs nothing: no scan). */
    private readonly trees: () => TrackedTree[],
    /** Membership changed: the orphan record must be rewritten. */
    private readonly changed: () => void,
    private readonly intervalMs = TRACK_INTERVAL_MS,
  ) {}

  start(): void {
    if (this.timer || !canReadProcesses()) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a refresh in progress, so nothing of the tracker runs afterwards. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inflight;
  }

  private tick(): void {
    if (this.inflight || this.trees().length === 0) return;
    this.inflight = this.refresh().finally(() => { this.inflight = null; });
  }

  private async refresh(): Promise<void> {
    let table: ProcessTable;
    try {
      // A snapshot the sampler took a moment ago is as good as a fresh one.
      table = await this.scanner.snapshot(this.intervalMs / 2);
    } catch {
      return;
    }
    if (this.timer === null) return; // stopped meanwhile
    let changed = false;
    for (const tree of this.trees()) changed = tree.update(table) || changed;
    if (changed) this.changed();
  }
}
