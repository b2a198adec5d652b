import type { LogLine, LogSource } from '../../../shared/types.js';

/** Heroku's timestamp: microseconds and an explicit +00:00. */
export function herokuTime(epochMs: number): string {
  const iso = new Date(Math.floor(epochMs)).toISOString(); // 2026-11-26T10:00:00.123Z
  const micros = Math.floor((epochMs % 1) * 1000).toString().padStart(3, '0');
  return `${iso.slice(0, 23)}${micros}+00:00`;
}

/** `2026-11-26T10:00:00.123456+00:00 app[web.1]: message` */
export function formatLogLine(line: LogLine): string {
  return `${line.time} ${line.source}[${line.dyno}]: ${line.text}`;
}

export { stripAnsi } from '../../../shared/ansi.js';

/** `web` matches every web dyno, `web.1` just that one; `router`, `build`, `api` their own lines. */
export function dynoFilter(want: string): (line: LogLine) => boolean {
  return want.includes('.') || want === 'router' || want === 'build' || want === 'api'
    ? (l) => l.dyno === want
    : (l) => l.dyno === want || l.dyno.startsWith(`${want}.`);
}

export interface LogFilter {
  dyno?: string;
  /** `app`: what the app's processes printed; `dynodesk`: lifecycle, router and api lines. */
  source?: LogSource;
}

/** Both filters must match; with neither, null (everything matches). */
export function logFilter(filter: LogFilter): ((line: LogLine) => boolean) | null {
  const { dyno, source } = filter;
  const byDyno = dyno ? dynoFilter(dyno) : null;
  if (!byDyno && !source) return null;
  return (l) => (source === undefined || l.source === source) && (byDyno === null || byDyno(l));
}
