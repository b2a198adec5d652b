// Heroku's router log line (without the timestamp and `dynodesk[router]:` prefix, which the engine adds),
// written byte by byte straight into the log batch's buffer: one line per request, so building it as a
// string (a template of a dozen parts, then flattened and copied) was a visible share of the router's
// garbage. formatRequestLine() gives the same text as a string.
import { ERROR_DESC, type RouterErrorCode } from './error-pages.js';
import { latin1Bytes, put, putBytes, putInt, putText, type Latin1Text } from './latin1-bytes.js';

export interface RequestLogFields {
  method: string;
  path: string;
  host: string;
  /** as pickRequestId gives it */
  requestId: Latin1Text;
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

// The constant parts of the line.
const B_AT_ERROR_CODE = latin1Bytes('at=error code=');
const B_DESC = latin1Bytes(' desc="');
const B_METHOD = latin1Bytes('" method=');
const B_MS_SERVICE = latin1Bytes('ms service=');
const B_MS_STATUS = latin1Bytes('ms status=');
const B_BYTES = latin1Bytes(' bytes=');
const B_PROTOCOL_HTTP = latin1Bytes(' protocol=http');

/** ` path="…" host=… request_id=`: the part after the method, in both kinds of line. */
function putPathHost(buf: Buffer, o: number, path: string, host: string): number {
  o = put(buf, o, ' path="');
  o = putQuoted(buf, o, path);
  o = put(buf, o, '" host=');
  o = put(buf, o, host);
  return put(buf, o, ' request_id=');
}

/**
 * A run of the line that depends only on values a keep-alive client repeats, kept as bytes for the
 * values seen last: a repeat costs the string comparisons and one copy.
 */
class RepeatedRun {
  private a = '';
  private b = '';
  private c = '';
  private bytes: Uint8Array = new Uint8Array(0);
  constructor(
    /** most bytes write() puts down for these values */
    private readonly bound: (a: string, b: string, c: string) => number,
    private readonly write: (buf: Buffer, o: number, a: string, b: string, c: string) => number,
  ) {}

  put(buf: Buffer, o: number, a: string, b: string, c = ''): number {
    if (a !== this.a || b !== this.b || c !== this.c) {
      const tmp = Buffer.allocUnsafe(this.bound(a, b, c));
      this.bytes = new Uint8Array(tmp.subarray(0, this.write(tmp, 0, a, b, c))); // plain, like every putBytes source
      this.a = a;
      this.b = b;
      this.c = c;
    }
    return putBytes(buf, o, this.bytes);
  }
}

const INFO_HEAD = new RepeatedRun(
  (method, path, host) => 64 + method.length + 3 * path.length + host.length,
  (buf, o, method, path, host) => {
    o = put(buf, o, 'at=info method=');
    o = put(buf, o, method);
    return putPathHost(buf, o, path, host);
  },
);
const FWD_DYNO = new RepeatedRun(
  (fwd, dyno) => 32 + 3 * fwd.length + dyno.length,
  (buf, o, fwd, dyno) => {
    o = put(buf, o, ' fwd="');
    o = putQuoted(buf, o, fwd);
    o = put(buf, o, '" dyno=');
    o = put(buf, o, dyno);
    return put(buf, o, ' connect=');
  },
);
/** At most this many bytes are written for `f` (quoting can triple path and fwd; numbers fit in 20). */
export function requestLineBound(f: RequestLogFields): number {
  return 200 + f.method.length + 3 * f.path.length + f.host.length + f.requestId.length + 3 * f.fwd.length + f.dyno.length;
}

/** Writes the line at buf[o…] (the caller makes room for requestLineBound(f) bytes); returns the end. */
export function writeRequestLine(buf: Buffer, o: number, f: RequestLogFields): number {
  if (f.code) {
    o = putBytes(buf, o, B_AT_ERROR_CODE);
    o = put(buf, o, f.code);
    o = putBytes(buf, o, B_DESC);
    o = put(buf, o, ERROR_DESC[f.code]);
    o = putBytes(buf, o, B_METHOD);
    o = put(buf, o, f.method);
    o = putPathHost(buf, o, f.path, f.host);
  } else {
    o = INFO_HEAD.put(buf, o, f.method, f.path, f.host);
  }
  o = putText(buf, o, f.requestId);
  o = FWD_DYNO.put(buf, o, f.fwd, f.dyno || 'none');
  o = putInt(buf, o, Math.round(f.connectMs));
  o = putBytes(buf, o, B_MS_SERVICE);
  o = putInt(buf, o, Math.round(f.serviceMs));
  o = putBytes(buf, o, B_MS_STATUS);
  o = putInt(buf, o, f.status);
  o = putBytes(buf, o, B_BYTES);
  o = putInt(buf, o, f.bytes);
  return putBytes(buf, o, B_PROTOCOL_HTTP);
}

/** The same line as a string. */
export function formatRequestLine(f: RequestLogFields): string {
  const buf = Buffer.allocUnsafe(requestLineBound(f));
  return buf.toString('latin1', 0, writeRequestLine(buf, 0, f));
}
