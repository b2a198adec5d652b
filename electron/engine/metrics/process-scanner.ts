// Shares process-table snapshots: several dynos stopping at once, the metrics tick and the
// tree tracker all ask for "the processes now", and one /proc walk answers them all.
import { readProcessTable, type ProcessTable } from './process-table.js';

export class ProcessScanner {
  private last: { table: ProcessTable; at: number } | null = null;
  private inflight: Promise<ProcessTable> | null = null;

  constructor(private readonly read: () => Promise<ProcessTable> = readProcessTable) {}

  /** A snapshot no older than maxAgeMs (0 = a fresh one, shared with concurrent callers). */
  async snapshot(maxAgeMs = 0): Promise<ProcessTable> {
    if (this.last && maxAgeMs > 0 && Date.now() - this.last.at <= maxAgeMs) return this.last.table;
    if (this.inflight) return this.inflight;
    this.inflight = this.read().then((table) => {
      this.last = { table, at: Date.now() };
      return table;
    }).finally(() => { this.inflight = null; });
    return this.inflight;
  }
}
