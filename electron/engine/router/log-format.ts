// Heroku's router log line, without the timestamp and `dynodesk[router]:` prefix (the engine adds them).
import { ERROR_DESC, type RouterErrorCode } from './error-pages.js';

export interface RequestLogFields {
  readonly method: string;
  readonly path: string;
  readonly host: string;
  readonly requestId: string;
  readonly fwd: string;
  readonly dyno: string;
  readonly connectMs: number;
  readonly serviceMs: number;
  readonly status: number;
  readonly bytes: number;
  readonly code: RouterErrorCode | null;
  /** 'https' for requests that came in over TLS */
  readonly protocol?: string;
}

/** Inside "…": a quote would let a request path forge extra key=value pairs, so it is written as %22. */
function quoted(s: string): string {
  return s.includes('"') ? s.replace(/"/g, '%22') : s;
}

export function formatRequestLine(f: RequestLogFields): string {
  const start = f.code ? `at=error code=${f.code} desc="${ERROR_DESC[f.code]}" method=${f.method}` : `at=info method=${f.method}`;
  return `${start} path="${quoted(f.path)}" host=${f.host} request_id=${f.requestId} fwd="${quoted(f.fwd)}" `
    + `dyno=${f.dyno || 'none'} connect=${Math.round(f.connectMs)}ms service=${Math.round(f.serviceMs)}ms `
    + `status=${f.status} bytes=${f.bytes} protocol=${f.protocol ?? 'http'}`;
}
