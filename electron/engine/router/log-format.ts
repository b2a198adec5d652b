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
const B_PATH = latin1Bytes(' path="');
const B_MS_SERVICE = latin1Bytes('ms service=');
const B_MS_STATUS = latin1Bytes('ms status=');
const B_BYTES = latin1Bytes(' bytes=');
const B_PROTOCOL_HTTP = latin1Bytes(' protocol=http');

/**
 * The bytes of a line's part that depends on one value, for the value seen last: a keep-alive client
 * sends the same Host, from the same address, request after request.
 */
class LastValueBytes {
  private key: string | null = null;
  private bytes: Uint8Array = new Uint8Array(0);
  constructor(private readonly encode: (v: string) => Uint8Array) {}
  put(buf: Buffer, o: number, v: string): number {
    if (v !== this.key) {
      this.bytes = this.encode(v);
      this.key = v;
    }
    return putBytes(buf, o, this.bytes);
  }
}

/** text (written as put() writes it) between two constants */
function between(before: string, text: string, after: string, quoted: boolean): Uint8Array {
  const buf = Buffer.allocUnsafe(before.length + 3 * text.length + after.length);
  let o = put(buf, 0, before);
  o = quoted ? putQuoted(buf, o, text) : put(buf, o, text);
  return new Uint8Array(buf.subarray(0, put(buf, o, after))); // a plain Uint8Array, like every other putBytes source
}

const INFO_METHOD_PART = new LastValueBytes((method) => between('at=info method=', method, ' path="', false));
const HOST_PART = new LastValueBytes((host) => between('" host=', host, ' request_id=', false));
const FWD_PART = new LastValueBytes((fwd) => between(' fwd="', fwd, '" dyno=', true));
const DYNO_PART = new LastValueBytes((dyno) => between('', dyno, ' connect=', false));

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
  } else {
    o = INFO_METHOD_PART.put(buf, o, f.method);
  }
  o = putQuoted(buf, o, f.path);
  o = HOST_PART.put(buf, o, f.host);
  o = putText(buf, o, f.requestId);
  o = FWD_PART.put(buf, o, f.fwd);
  o = DYNO_PART.put(buf, o, f.dyno || 'none');
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
