// Pure helpers for the logs view: which lines a filter keeps, and the request id in a router line.
import type { LogLine, LogSource } from '../../shared/types.js';

export interface LogFilter {
  /** '' = every dyno */
  dyno: string;
  /** process type ('web'), or '' */
  type: string;
  source: LogSource | '';
  /** case-insensitive substring of the text */
  search: string;
}

export const NO_FILTER: LogFilter = { dyno: '', type: '', source: '', search: '' };

/** "web.2" → "web"; "router" → "router". */
export function dynoType(dyno: string): string {
  const dot = dyno.lastIndexOf('.');
  return dot > 0 ? dyno.slice(0, dot) : dyno;
}

export function lineMatches(line: LogLine, f: LogFilter): boolean {
  if (f.dyno && line.dyno !== f.dyno) return false;
  if (f.type && dynoType(line.dyno) !== f.type) return false;
  if (f.source && line.source !== f.source) return false;
  if (f.search && !line.text.toLowerCase().includes(f.search.toLowerCase())) return false;
  return true;
}

const REQUEST_ID_RE = /request_id=([A-Za-z0-9._:-]+)/;

/** Router lines carry `request_id=…` (Heroku's format). */
export function requestIdOf(text: string): { before: string; id: string; after: string } | null {
  const m = REQUEST_ID_RE.exec(text);
  if (!m || m[1] === undefined) return null;
  const start = m.index + 'request_id='.length;
  return { before: text.slice(0, start), id: m[1], after: text.slice(start + m[1].length) };
}

/** "2024-05-01T10:20:30.123456+00:00" → "10:20:30.123" in local time. */
export function shortTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
