import type { LogLine, LogSource } from '../../../shared/types.js';
import { LOG_RING_LINES } from '../../../shared/defaults.js';
import { dynoFilter, herokuTime, stripAnsi } from './format.js';
import { Ring } from './ring.js';

const FLUSH_MS = 50;
/** Lines per app per flush sent live; a flood beyond that is summarised (the ring keeps them). */
const MAX_LIVE_LINES_PER_FLUSH = 500;
const MAX_PARTIAL_LINE = 16 * 1024;

interface AppLog {
  ring: Ring<LogLine>;
  pending: LogLine[];
  skipped: number;
  /** Unterminated output per dyno, waiting for its newline. */
  partial: Map<string, string>;
}

/**
 * One log stream per app, in Heroku's format: a ring buffer for `logs -n`, and live batches
 * (at most every 50 ms, at most 500 lines each) for subscribers.
 */
export class LogHub {
  private readonly apps = new Map<string, AppLog>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly publish: (app: string, lines: LogLine[]) => void,
    private readonly capacity = LOG_RING_LINES,
  ) {}

  /** A whole line from the engine itself (lifecycle, router, build). */
  add(app: string, source: LogSource, dyno: string, text: string, epochMs = Date.now() + (performance.now() % 1)): void {
    const log = this.log(app);
    // A lifecycle line ("Process exited…") ends whatever the dyno printed without a final newline:
    // emit it now, so it reaches the crash card and is not glued onto the next process's output.
    const rest = log.partial.get(dyno);
    if (rest !== undefined) {
      log.partial.delete(dyno);
      this.push(log, { time: herokuTime(epochMs), source: 'app', dyno, text: stripAnsi(rest).replace(/\r/g, '') });
    }
    this.push(log, { time: herokuTime(epochMs), source, dyno, text: stripAnsi(text) });
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
    const time = herokuTime(Date.now() + (performance.now() % 1));
    for (const raw of lines) {
      const clean = stripAnsi(raw).replace(/\r+$/, '').replace(/\r/g, '');
      this.push(log, { time, source: 'app', dyno, text: clean });
    }
  }

  tail(app: string, n: number, filter?: { dyno?: string }): LogLine[] {
    const log = this.apps.get(app);
    if (!log) return [];
    const want = filter?.dyno;
    if (!want) return log.ring.tail(n);
    const matches = dynoFilter(want);
    return log.ring.tail(n, matches);
  }

  /** Dyno lines most recently written, for crash cards. */
  lastLines(app: string, dyno: string, n: number): string[] {
    return this.tail(app, n, { dyno }).map((l) => l.text);
  }

  remove(app: string): void {
    this.apps.delete(app);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flush();
  }

  private log(app: string): AppLog {
    let log = this.apps.get(app);
    if (!log) {
      log = { ring: new Ring<LogLine>(this.capacity), pending: [], skipped: 0, partial: new Map() };
      this.apps.set(app, log);
    }
    return log;
  }

  private push(log: AppLog, line: LogLine): void {
    log.ring.push(line);
    if (log.pending.length < MAX_LIVE_LINES_PER_FLUSH) log.pending.push(line);
    else log.skipped++;
    if (!this.timer) this.timer = setTimeout(() => { this.timer = null; this.flush(); }, FLUSH_MS);
  }

  private flush(): void {
    for (const [app, log] of this.apps) {
      if (log.pending.length === 0) continue;
      const lines = log.pending;
      if (log.skipped > 0) {
        lines.push({ time: herokuTime(Date.now()), source: 'dynodesk', dyno: 'logs', text: `${log.skipped} lines not shown live (output too fast); \`dynodesk logs -n\` has the most recent ${this.capacity}` });
        log.skipped = 0;
      }
      log.pending = [];
      this.publish(app, lines);
    }
  }
}
