// Heroku's router log line (without the timestamp and `dynodesk[router]:` prefix, which the engine adds),
// written byte by byte straight into the log batch's buffer: one line per request, so building it as a
// string (a template of a dozen parts, then flattened and copied) was a visible share of the router's
// garbage. formatRequestLine() gives the same text as a string.
import { ERROR_DESC, type RouterErrorCode } from './error-pages.js';
import { put, putInt } from './latin1-bytes.js';

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

/** Inside "…": a quote would let a request path forge extra key=value pairs, so it is written as %22. */
function putQuoted(buf: Buffer, o: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) {
      buf[o++] = 37; // %22
      buf[o++] = 50;
      buf[o++] = 50;
    } else {
      buf[o++] = c < 256 ? c : 63;
    }
  }
  return o;
}

/** At most this many bytes are written for `f` (quoting can triple path and fwd; numbers fit in 20). */
export function requestLineBound(f: RequestLogFields): number {
  return 200 + f.method.length + 3 * f.path.length + f.host.length + f.requestId.length + 3 * f.fwd.length + f.dyno.length;
}

/** Writes the line at buf[o…] (the caller makes room for requestLineBound(f) bytes); returns the end. */
export function writeRequestLine(buf: Buffer, o: number, f: RequestLogFields): number {
  if (f.code) {
    o = put(buf, o, 'at=error code=');
    o = put(buf, o, f.code);
    o = put(buf, o, ' desc="');
    o = put(buf, o, ERROR_DESC[f.code]);
    o = put(buf, o, '" method=');
  } else {
    o = put(buf, o, 'at=info method=');
  }
  o = put(buf, o, f.method);
  o = put(buf, o, ' path="');
  o = putQuoted(buf, o, f.path);
  o = put(buf, o, '" host=');
  o = put(buf, o, f.host);
  o = put(buf, o, ' request_id=');
  o = put(buf, o, f.requestId);
  o = put(buf, o, ' fwd="');
  o = putQuoted(buf, o, f.fwd);
  o = put(buf, o, '" dyno=');
  o = put(buf, o, f.dyno || 'none');
  o = put(buf, o, ' connect=');
  o = putInt(buf, o, Math.round(f.connectMs));
  o = put(buf, o, 'ms service=');
  o = putInt(buf, o, Math.round(f.serviceMs));
  o = put(buf, o, 'ms status=');
  o = putInt(buf, o, f.status);
  o = put(buf, o, ' bytes=');
  o = putInt(buf, o, f.bytes);
  return put(buf, o, ' protocol=http');
}

/** The same line as a string. */
export function formatRequestLine(f: RequestLogFields): string {
  const buf = Buffer.allocUnsafe(requestLineBound(f));
  return buf.toString('latin1', 0, writeRequestLine(buf, 0, f));
}
