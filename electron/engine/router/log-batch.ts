// Router log lines on their way to the main thread. Lines are written into a byte buffer as they are
// produced (so no string outlives its request: holding thousands of strings for a flush interval made
// the GC copy them), and the buffer's memory is transferred, not cloned, at each flush.

/** Bytes per batch; a full buffer is flushed early. */
const BATCH_BYTES = 1024 * 1024;
/** Lines per batch beyond which the rest are counted and dropped: every stream has a cap. */
export const MAX_LINES_PER_BATCH = 10_000;

export interface LogBatchData {
  /** `app\ttext\n` per line, latin1 (router lines are ASCII/latin1 by construction) */
  bytes: Uint8Array;
  /** epoch ms per line */
  times: Float64Array;
}

export class LogBatcher {
  private buf = Buffer.allocUnsafe(BATCH_BYTES);
  private times = new Float64Array(MAX_LINES_PER_BATCH);
  private used = 0;
  private lines = 0;
  private readonly dropped = new Map<string, number>();

  constructor(private readonly flushNow: (batch: LogBatchData) => void) {}

  /** lines (or a dropped-lines count) waiting for the next flush */
  get pending(): boolean {
    return this.lines > 0 || this.dropped.size > 0;
  }

  add(app: string, text: string, time = Date.now()): void {
    const need = app.length + text.length + 2;
    if (this.used + need > BATCH_BYTES) this.flush();
    if (this.lines >= MAX_LINES_PER_BATCH || need > BATCH_BYTES) {
      this.dropped.set(app, (this.dropped.get(app) ?? 0) + 1);
      return;
    }
    this.used += this.buf.write(`${app}\t${text}\n`, this.used, 'latin1');
    this.times[this.lines++] = time;
  }

  flush(): void {
    if (this.lines > 0) {
      const batch = { bytes: this.buf.subarray(0, this.used), times: this.times.subarray(0, this.lines) };
      this.buf = Buffer.allocUnsafe(BATCH_BYTES);
      this.times = new Float64Array(MAX_LINES_PER_BATCH);
      this.used = 0;
      this.lines = 0;
      this.flushNow(batch);
    }
    // Reported in the next batch, so the user sees that lines are missing.
    const dropped = [...this.dropped];
    this.dropped.clear();
    for (const [app, n] of dropped) this.add(app, `at=warning desc="${n} router log lines dropped (rate limit)"`);
  }
}

/** Main-thread side: back to (app, time, text) triples. */
export function decodeLogBatch(batch: LogBatchData): Array<{ app: string; time: number; text: string }> {
  const text = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength).toString('latin1');
  const out: Array<{ app: string; time: number; text: string }> = [];
  let start = 0;
  for (let i = 0; i < batch.times.length; i++) {
    const nl = text.indexOf('\n', start);
    const tab = text.indexOf('\t', start);
    out.push({ app: text.slice(start, tab), time: batch.times[i] as number, text: text.slice(tab + 1, nl) });
    start = nl + 1;
  }
  return out;
}
