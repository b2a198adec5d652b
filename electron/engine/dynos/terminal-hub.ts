// One dyno's terminal: scrollback for late joiners, batched output per subscriber, and
// watermark flow control so a subscriber that falls behind pauses the pty instead of
// letting output pile up in memory. Sizes are counted in string length (UTF-16 code units),
// the same unit subscribers acknowledge.
import {
  TERMINAL_BATCH_BYTES, TERMINAL_BATCH_MS, TERMINAL_HIGH_WATERMARK, TERMINAL_LOW_WATERMARK, TERMINAL_SCROLLBACK_BYTES,
} from '../../../shared/defaults.js';
import { Scrollback } from './scrollback.js';
import type { TerminalSink, TerminalSubscription } from './types.js';

export interface TerminalHubOptions {
  scrollbackBytes?: number;
  batchMs?: number;
  batchBytes?: number;
  highWatermark?: number;
  lowWatermark?: number;
  /** Called when the pty must stop (true) or may resume (false) producing output. */
  onFlowChange(paused: boolean): void;
  size(): { cols: number; rows: number };
}

interface Subscriber {
  sink: TerminalSink;
  pending: string[];
  pendingLength: number;
  unacked: number;
  timer: NodeJS.Timeout | null;
  closed: boolean;
}

export class TerminalHub {
  private readonly scrollback: Scrollback;
  private readonly subscribers = new Set<Subscriber>();
  private readonly batchMs: number;
  private readonly batchBytes: number;
  private readonly high: number;
  private readonly low: number;
  private pausedNow = false;
  private closed = false;

  constructor(private readonly opts: TerminalHubOptions) {
    this.scrollback = new Scrollback(opts.scrollbackBytes ?? TERMINAL_SCROLLBACK_BYTES);
    this.batchMs = opts.batchMs ?? TERMINAL_BATCH_MS;
    this.batchBytes = opts.batchBytes ?? TERMINAL_BATCH_BYTES;
    this.high = opts.highWatermark ?? TERMINAL_HIGH_WATERMARK;
    this.low = opts.lowWatermark ?? TERMINAL_LOW_WATERMARK;
  }

  get paused(): boolean {
    return this.pausedNow;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Bytes held for subscribers (not counting scrollback): bounded by the watermarks. */
  get bufferedBytes(): number {
    let n = 0;
    for (const s of this.subscribers) n += s.pendingLength;
    return n;
  }

  get scrollbackLength(): number {
    return this.scrollback.length;
  }

  push(data: string): void {
    if (this.closed) return;
    this.scrollback.append(data);
    for (const sub of this.subscribers) {
      sub.pending.push(data);
      sub.pendingLength += data.length;
      if (sub.pendingLength >= this.batchBytes) this.flush(sub);
      else sub.timer ??= setTimeout(() => this.flush(sub), this.batchMs);
    }
  }

  subscribe(sink: TerminalSink): TerminalSubscription {
    const size = this.opts.size();
    const sub: Subscriber = { sink, pending: [], pendingLength: 0, unacked: 0, timer: null, closed: false };
    const scrollback = this.scrollback.snapshot();
    if (this.closed) {
      queueMicrotask(() => sink.exit(null));
    } else {
      this.subscribers.add(sub);
    }
    return {
      scrollback,
      cols: size.cols,
      rows: size.rows,
      ack: (bytes: number) => {
        if (sub.closed || !Number.isFinite(bytes) || bytes <= 0) return;
        sub.unacked = Math.max(0, sub.unacked - bytes);
        this.updateFlow();
      },
      close: () => this.remove(sub),
    };
  }

  /** The dyno is gone for good: flush, tell subscribers, drop them. */
  exit(exitCode: number | null): void {
    if (this.closed) return;
    this.closed = true;
    for (const sub of [...this.subscribers]) {
      this.flush(sub);
      this.remove(sub);
      try { sub.sink.exit(exitCode); } catch { /* a broken subscriber must not break the others */ }
    }
  }

  private flush(sub: Subscriber): void {
    if (sub.timer) {
      clearTimeout(sub.timer);
      sub.timer = null;
    }
    if (sub.closed || sub.pendingLength === 0) return;
    const data = sub.pending.length === 1 ? (sub.pending[0] ?? '') : sub.pending.join('');
    sub.pending = [];
    sub.pendingLength = 0;
    for (let at = 0; at < data.length; at += this.batchBytes) {
      const piece = data.slice(at, at + this.batchBytes);
      sub.unacked += piece.length;
      try { sub.sink.data(piece); } catch { /* ignore a failing subscriber; it can close itself */ }
    }
    this.updateFlow();
  }

  private remove(sub: Subscriber): void {
    if (sub.closed) return;
    sub.closed = true;
    if (sub.timer) clearTimeout(sub.timer);
    sub.timer = null;
    sub.pending = [];
    sub.pendingLength = 0;
    this.subscribers.delete(sub);
    this.updateFlow();
  }

  private updateFlow(): void {
    let worst = 0;
    for (const s of this.subscribers) worst = Math.max(worst, s.unacked);
    // Hysteresis: pause above the high mark, resume only once everyone is below the low one.
    const paused = this.pausedNow ? worst > this.low : worst > this.high;
    if (paused === this.pausedNow) return;
    this.pausedNow = paused;
    this.opts.onFlowChange(paused);
  }
}
