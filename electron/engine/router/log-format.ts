// Heroku's router log line (without the timestamp and `dynodesk[router]:` prefix, which the engine adds),
// written byte by byte straight into the log batch's buffer: one line per request, so building it as a
// string (a template of a dozen parts, then flattened and copied) was a visible share of the router's
// garbage. formatRequestLine() gives the same text as a string.
import { ERROR_DESC, type RouterErrorCode } from './error-pages.js';
import { MAX_INT_BYTES, latin1Bytes, put, putBytes, putInt, putText, type Latin1Text } from './latin1-bytes.js';

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
const B_PATH = latin1Bytes(' path="');
const B_MS_SERVICE = latin1Bytes('ms service=');
const B_BYTES = latin1Bytes(' bytes=');
const B_PROTOCOL_HTTP = latin1Bytes(' protocol=http');

/**
 * The two runs of an info line that depend only on values a keep-alive client repeats, as bytes for
 * the values seen last: `at=info method=… path="…" host=… request_id=` and ` fwd="…" dyno=… connect=`.
 * A repeat costs the string comparisons and one copy per run.
 */
let infoMethod = '';
let infoPath = '';
let infoHost = '';
let infoHead: Uint8Array = new Uint8Array(0);
let midFwd = '';
let midDyno = '';
let mid: Uint8Array = new Uint8Array(0);
/** `ms status=… bytes=` for the status seen last. */
let statusValue = -1;
let statusPart: Uint8Array = new Uint8Array(0);

function encode(n: number, write: (buf: Buffer, o: number) => number): Uint8Array {
  const buf = Buffer.allocUnsafe(n);
  return new Uint8Array(buf.subarray(0, write(buf, 0))); // a plain Uint8Array, like every other putBytes source
}

function infoHeadFor(method: string, path: string, host: string): Uint8Array {
  if (method !== infoMethod || path !== infoPath || host !== infoHost) {
    infoHead = encode(64 + method.length + 3 * path.length + host.length, (buf, o) => {
      o = put(buf, o, 'at=info method=');
      o = put(buf, o, method);
      o = put(buf, o, ' path="');
      o = putQuoted(buf, o, path);
      o = put(buf, o, '" host=');
      o = put(buf, o, host);
      return put(buf, o, ' request_id=');
    });
    infoMethod = method;
    infoPath = path;
    infoHost = host;
  }
  return infoHead;
}

function midFor(fwd: string, dyno: string): Uint8Array {
  if (fwd !== midFwd || dyno !== midDyno) {
    mid = encode(32 + 3 * fwd.length + dyno.length, (buf, o) => {
      o = put(buf, o, ' fwd="');
      o = putQuoted(buf, o, fwd);
      o = put(buf, o, '" dyno=');
      o = put(buf, o, dyno);
      return put(buf, o, ' connect=');
    });
    midFwd = fwd;
    midDyno = dyno;
  }
  return mid;
}

function statusPartFor(status: number): Uint8Array {
  if (status !== statusValue) {
    statusPart = encode(32 + MAX_INT_BYTES, (buf, o) => putBytes(buf, putInt(buf, put(buf, o, 'ms status='), status), B_BYTES));
    statusValue = status;
  }
  return statusPart;
}

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
    o = putBytes(buf, o, B_PATH);
    o = putQuoted(buf, o, f.path);
    o = put(buf, o, '" host=');
    o = put(buf, o, f.host);
    o = put(buf, o, ' request_id=');
  } else {
    o = putBytes(buf, o, infoHeadFor(f.method, f.path, f.host));
  }
  o = putText(buf, o, f.requestId);
  o = putBytes(buf, o, midFor(f.fwd, f.dyno || 'none'));
  o = putInt(buf, o, Math.round(f.connectMs));
  o = putBytes(buf, o, B_MS_SERVICE);
  o = putInt(buf, o, Math.round(f.serviceMs));
  o = putBytes(buf, o, statusPartFor(f.status));
  o = putInt(buf, o, f.bytes);
  return putBytes(buf, o, B_PROTOCOL_HTTP);
}

/** The same line as a string. */
export function formatRequestLine(f: RequestLogFields): string {
  const buf = Buffer.allocUnsafe(requestLineBound(f));
  return buf.toString('latin1', 0, writeRequestLine(buf, 0, f));
}
