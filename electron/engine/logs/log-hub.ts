import type { LogLine, LogSource } from '../../../shared/types.js';
import { LOG_RING_LINES } from '../../../shared/defaults.js';
import { herokuTime, logFilter, stripAnsi, type LogFilter } from './format.js';
import { logNow } from './log-clock.js';
import { Ring, mergeSorted } from './ring.js';

const FLUSH_MS = 50;
/**
 * Live lines wait this long before they are sent, so that lines stamped elsewhere and delivered late
 * (the router's thread sends its lines every 100 ms) can still be put in their place.
 */
const LIVE_HOLD_MS = 150;
/** Lines per app per flush sent live; a flood beyond that is summarised (the ring keeps them). */
const MAX_LIVE_LINES_PER_FLUSH = 500;
/** Lines per app waiting to be sent live: the hold window's worth at the live rate. */
const MAX_PENDING_LINES = MAX_LIVE_LINES_PER_FLUSH * Math.ceil(LIVE_HOLD_MS / FLUSH_MS + 2);
const MAX_PARTIAL_LINE = 16 * 1024;

/** A line produced elsewhere (the router's thread), with the time it was produced (epoch ms). */
export interface TimedLine {
  app: string;
  text: string;
  time: number;
}

interface AppLog {
  /** In time order: `logs -n` reads the newest lines from its end. */
  ring: Ring<LogLine>;
  /** In time order, waiting for the next live batch. */
  pending: LogLine[];
  skipped: number;
  /** Unterminated output per dyno, waiting for its newline. */
  partial: Map<string, string>;
}

// Heroku's time format has a fixed width, so text order is time order.
const earlier = (a: LogLine, b: LogLine): boolean => a.time < b.time;

/**
 * One log stream per app, in Heroku's format and in time order: a ring buffer for `logs -n`, and
 * live batches (every 50 ms, at most 500 lines each) for subscribers. Lines from the engine's thread
 * are stamped when they arrive here; lines from elsewhere carry their own time and are merged in.
 */
export class LogHub {
  private readonly apps = new Map<string, AppLog>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly publish: (app: string, lines: LogLine[]) => void,
    private readonly capacity = LOG_RING_LINES,
  ) {}

  /** A whole line from the engine itself (lifecycle, release phase, api). */
  add(app: string, source: LogSource, dyno: string, text: string): void {
    const log = this.log(app);
    const time = herokuTime(logNow());
    // A lifecycle line ("Process exited…") ends whatever the dyno printed without a final newline:
    // emit it now, so it reaches the crash card and is not glued onto the next process's output.
    const rest = log.partial.get(dyno);
    if (rest !== undefined) {
      log.partial.delete(dyno);
      this.insert(log, [{ time, source: 'app', dyno, text: stripAnsi(rest).replace(/\r/g, '') }]);
    }
    this.insert(log, [{ time, source, dyno, text: stripAnsi(text) }]);
  }

  /** Lines stamped where they were produced (the router's thread), put in their place by time. */
  addTimed(source: LogSource, dyno: string, lines: readonly TimedLine[]): void {
    const byApp = new Map<string, LogLine[]>();
    for (const l of lines) {
      const list = byApp.get(l.app) ?? [];
      list.push({ time: herokuTime(l.time), source, dyno, text: stripAnsi(l.text) });
      byApp.set(l.app, list);
    }
    for (const [app, list] of byApp) {
      // Stable: lines with the same time keep the order they were produced in.
      list.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
      this.insert(this.log(app), list);
    }
  }

  /** Raw dyno output: split into lines, ANSI removed; a trailing partial line waits for the rest. */
  output(app: string, dyno: string, data: string): void {
    const log = this.log(app);
    const text = (log.partial.get(dyno) ?? '') + data;
    const lines = text.split('\n');
    let rest = lines.pop() ?? '';
    if (rest.length > MAX_PARTIAL_LINE) { lines.push(rest); rest = ''; }
    if (rest) log.partial.set(dyno, rest);
    else log.partial.delete(dyno);
    if (lines.length === 0) return;
    // Stamped as it arrives from the pty, one read at a time: the closest we get to when it was printed.
    const time = herokuTime(logNow());
    this.insert(log, lines.map((raw) => ({ time, source: 'app' as const, dyno, text: stripAnsi(raw).replace(/\r+$/, '').replace(/\r/g, '') })));
  }

  tail(app: string, n: number, filter: LogFilter = {}): LogLine[] {
    const log = this.apps.get(app);
    if (!log) return [];
    const matches = logFilter(filter);
    return matches ? log.ring.tail(n, matches) : log.ring.tail(n);
  }

  /** Dyno lines most recently written, for crash cards. */
  lastLines(app: string, dyno: string, n: number): string[] {
    return this.tail(app, n, { dyno }).map((l) => l.text);
  }

  remove(app: string): void {
    this.apps.delete(app);
  }

  /** Sends everything still held back, then stops the timer. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flush(true);
  }

  private log(app: string): AppLog {
    let log = this.apps.get(app);
    if (!log) {
      log = { ring: new Ring<LogLine>(this.capacity), pending: [], skipped: 0, partial: new Map() };
      this.apps.set(app, log);
    }
    return log;
  }

  /** `lines` are in time order among themselves. */
  private insert(log: AppLog, lines: LogLine[]): void {
    log.ring.insertSorted(lines, earlier);
    const room = Math.max(0, MAX_PENDING_LINES - log.pending.length);
    if (lines.length > room) log.skipped += lines.length - room;
    const live = room >= lines.length ? lines : lines.slice(0, room);
    const last = log.pending.at(-1);
    const first = live[0];
    if (first !== undefined) {
      if (last === undefined || !earlier(first, last)) log.pending.push(...live);
      else log.pending = mergeSorted(log.pending, live, earlier);
    }
    this.schedule();
  }

  private schedule(): void {
    if (!this.timer) this.timer = setTimeout(() => { this.timer = null; this.flush(false); }, FLUSH_MS);
  }

  private flush(final: boolean): void {
    const cutoff = herokuTime(logNow() - LIVE_HOLD_MS);
    let more = false;
    for (const [app, log] of this.apps) {
      let ready = log.pending.length;
      if (!final) while (ready > 0 && (log.pending[ready - 1] as LogLine).time > cutoff) ready--;
      const sending = Math.min(ready, MAX_LIVE_LINES_PER_FLUSH);
      // In place: while every line is still held (most flushes), nothing is copied.
      const lines = sending > 0 ? log.pending.splice(0, sending) : [];
      // Ready lines beyond this batch wait for the next one; at the very end they are only counted.
      if (final) {
        log.skipped += log.pending.length;
        log.pending = [];
      }
      if (log.pending.length > 0) more = true;
      if (log.skipped > 0 && (lines.length > 0 || log.pending.length === 0)) {
        lines.push({ time: herokuTime(logNow()), source: 'dynodesk', dyno: 'logs', text: `${log.skipped} lines not shown live (output too fast); \`dynodesk logs -n\` has the most recent ${this.capacity}` });
        log.skipped = 0;
      }
      if (lines.length > 0) this.publish(app, lines);
    }
    if (more && !final) this.schedule();
  }
}
