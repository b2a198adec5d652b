// Heroku's router log line (without the timestamp and `dynodesk[router]:` prefix, which the engine adds).
import { ERROR_DESC, type RouterErrorCode } from './error-pages.js';

export interface RequestLogFields {
  method: string;
  path: string;
  host: string;
  requestId: string;
  fwd: string;
  dyno: string;
  connectMs: number;
  serviceMs: number;
  status: number;
  bytes: number;
  code: RouterErrorCode | null;
}

// Quotes would let a request path forge extra key=value pairs in the line.
function quoted(s: string): string {
  return s.includes('"') ? s.replace(/"/g, '%22') : s;
}

export function formatRequestLine(f: RequestLogFields): string {
  const head = f.code ? `at=error code=${f.code} desc="${ERROR_DESC[f.code]}" ` : 'at=info ';
  return `${head}method=${f.method} path="${quoted(f.path)}" host=${f.host} request_id=${f.requestId} `
    + `fwd="${quoted(f.fwd)}" dyno=${f.dyno || 'none'} connect=${Math.round(f.connectMs)}ms `
    + `service=${Math.round(f.serviceMs)}ms status=${f.status} bytes=${f.bytes} protocol=http`;
}
