// HTTP/1.1 message-head parsing (RFC 9112), strict on purpose: the router sits in front of arbitrary
// dyno servers, and any leniency here that a dyno parses differently is a request-smuggling hole.
// Heads are decoded as latin1 (one char per byte), so string positions equal byte positions.
// A parsed head is a fresh object owned by its exchange, and never changes afterwards.
import { HeadError } from './head-error.js';
import { TCHAR, listItems, parseFields, valueEnd, type HeaderField } from './header-fields.js';

export { HeadError };
export type { HeaderField };

export interface ParseLimits {
  /** the whole head, start line through the blank line */
  readonly maxHeadBytes: number;
  /** the request line (414 beyond it) */
  readonly maxRequestLineBytes: number;
  /** each header line, as on Heroku (431 beyond it) */
  readonly maxFieldLineBytes: number;
  readonly maxHeaders: number;
}

export const DEFAULT_LIMITS: ParseLimits = {
  maxHeadBytes: 64 * 1024, maxRequestLineBytes: 8192, maxFieldLineBytes: 8192, maxHeaders: 100,
};

interface MessageHead {
  /** 0 for HTTP/1.0, 1 for HTTP/1.1 */
  readonly minor: number;
  readonly headers: readonly HeaderField[];
  /** -1 when absent */
  readonly contentLength: number;
  readonly chunked: boolean;
  /** lower-cased tokens of every Connection header */
  readonly connection: readonly string[];
  /** some Connection token names a field that is not hop-by-hop anyway */
  readonly connectionNamed: boolean;
  /** the header lines as received (latin1), each ending in CRLF; fields point into it */
  readonly block: string;
  /** bytes from the start of the head through the blank line */
  readonly headBytes: number;
}

export interface RequestHead extends MessageHead {
  readonly method: string;
  /** origin-form (or `*`): what the dyno is sent; an absolute-form target is reduced to its path */
  readonly target: string;
  /** the authority the request is for: the target's in absolute-form, else the Host field's; null if none */
  readonly host: string | null;
  /** the target was absolute-form: the dyno gets `Host: <its authority>` instead of the client's Host */
  readonly absolute: boolean;
  /** Upgrade: websocket with Connection: upgrade */
  readonly websocket: boolean;
}

export interface ResponseHead extends MessageHead {
  readonly status: number;
  readonly reason: string;
  /** Transfer-Encoding present but not ending in chunked: the body runs until the dyno closes. */
  readonly untilClose: boolean;
}

const TOKEN_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// host = IP-literal / IPv4 / reg-name, optional port (RFC 3986 §3.2.2); no userinfo.
const HOST_RE = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]+)(?::\d{0,5})?$/;
const ABSOLUTE_RE = /^https?:\/\/([^/?#]*)([^#]*)$/i;
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
const CR = 13;
const LF = 10;

/**
 * Finds the end of a head starting at `start`. Returns the offset just past CRLFCRLF, -1 when more
 * bytes are needed. Throws on a bare LF (strict CRLF framing) or when a size limit is exceeded.
 */
export function findHeadEnd(buf: Buffer, start: number, limits: ParseLimits, isRequest: boolean): number {
  const end = buf.indexOf(HEAD_END, start);
  const scanTo = end === -1 ? buf.length : end;
  if (isRequest) {
    const cr = buf.indexOf(CR, start);
    const lineLen = cr === -1 || cr > scanTo ? scanTo - start : cr - start;
    if (lineLen > limits.maxRequestLineBytes) throw new HeadError(414, 'request line too long');
  }
  if (end !== -1 && end + 4 - start <= limits.maxHeadBytes) return end + 4;
  // A bare LF anywhere means this head can never be valid: fail now instead of waiting for a timeout.
  for (let i = buf.indexOf(LF, start); i !== -1 && i < scanTo; i = buf.indexOf(LF, i + 1)) {
    if (i === start || buf[i - 1] !== CR) throw new HeadError(400, 'bare LF in head');
  }
  if (scanTo - start > limits.maxHeadBytes) throw new HeadError(431, 'head too large');
  return -1;
}

/** `HTTP/d.d` at buf[i..]: major * 10 + minor, or -1. */
function version(buf: Buffer, i: number): number {
  if (buf.toString('latin1', i, i + 5) !== 'HTTP/') return -1;
  const major = (buf[i + 5] as number) - 48;
  const minor = (buf[i + 7] as number) - 48;
  if (!(major >= 0 && major <= 9) || buf[i + 6] !== 46 || !(minor >= 0 && minor <= 9)) return -1;
  return major * 10 + minor;
}

/** The codings of all Transfer-Encoding fields, lower-cased; throws on invalid syntax. */
function transferCodings(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    for (const item of listItems(v)) {
      // Transfer parameters (";q=…") are not something any dyno needs: invalid here.
      if (!TOKEN_RE.test(item)) throw new HeadError(400, 'invalid Transfer-Encoding');
      out.push(item.toLowerCase());
    }
  }
  return out;
}

/**
 * Parses a request head ending at headEnd (from findHeadEnd). Throws HeadError with the status to send.
 * request-line = method SP request-target SP HTTP-version CRLF (RFC 9112 §3).
 */
export function parseRequestHead(buf: Buffer, start: number, headEnd: number, limits: ParseLimits): RequestHead {
  let i = start;
  while (TCHAR[buf[i] as number] === 1) i++;
  if (i === start || buf[i] !== 32) throw new HeadError(400, 'invalid request line');
  const method = buf.toString('latin1', start, i);
  const t0 = ++i;
  for (let c = buf[i] as number; c >= 0x21 && c <= 0x7e; c = buf[++i] as number);
  if (i === t0 || buf[i] !== 32) throw new HeadError(400, 'invalid request line');
  const rawTarget = buf.toString('latin1', t0, i);
  const v = version(buf, i + 1);
  if (v < 0 || buf[i + 9] !== CR || buf[i + 10] !== LF) throw new HeadError(400, 'invalid request line');
  if (Math.floor(v / 10) !== 1) throw new HeadError(505, 'HTTP version not supported');
  const minor = v % 10 === 0 ? 0 : 1;
  const blockStart = i + 11;
  const block = buf.toString('latin1', blockStart, headEnd - 2);
  const f = parseFields(buf, blockStart, headEnd - 2, block, limits.maxHeaders, limits.maxFieldLineBytes);

  if (f.hosts.length > 1) throw new HeadError(400, 'more than one Host');
  const hostField = f.hosts[0]?.value ?? null;
  if (hostField !== null && !HOST_RE.test(hostField)) throw new HeadError(400, 'invalid Host');
  // HTTP/1.0 clients may omit Host (that is what app ports are for); HTTP/1.1 must send it.
  if (hostField === null && minor === 1) throw new HeadError(400, 'missing Host');

  let target = rawTarget;
  let host = hostField;
  let absolute = false;
  // (CONNECT's authority-form is let through here: the router refuses the method itself, with a 405.)
  if (rawTarget.charCodeAt(0) !== 47 && !(rawTarget === '*' && method === 'OPTIONS') && method !== 'CONNECT') {
    // absolute-form: the target's authority is the request's host (RFC 9112 §3.2.2); dynos get origin-form.
    const m = ABSOLUTE_RE.exec(rawTarget);
    if (!m || !HOST_RE.test(m[1] as string)) throw new HeadError(400, 'invalid request target');
    host = m[1] as string;
    const rest = m[2] as string;
    target = rest === '' ? '/' : rest.charCodeAt(0) === 47 ? rest : `/${rest}`;
    absolute = true;
  }

  let chunked = false;
  if (f.transferEncoding.length > 0) {
    if (minor === 0) throw new HeadError(400, 'Transfer-Encoding in HTTP/1.0');
    if (f.contentLength !== -1) throw new HeadError(400, 'both Content-Length and Transfer-Encoding');
    const codings = transferCodings(f.transferEncoding);
    if (codings.filter((c) => c === 'chunked').length > 1) throw new HeadError(400, 'chunked applied twice');
    if (codings.length !== 1 || codings[0] !== 'chunked') throw new HeadError(501, 'unsupported Transfer-Encoding');
    chunked = true;
  }
  const websocket = f.connection.includes('upgrade')
    && f.upgrade.some((u) => listItems(u).some((p) => p.toLowerCase() === 'websocket'));
  return {
    method, target, host, absolute, websocket, minor, headers: f.headers, contentLength: f.contentLength, chunked,
    connection: f.connection, connectionNamed: f.connectionNamed, block, headBytes: headEnd - start,
  };
}

/** Parses a response head from a dyno. Throws HeadError (its status is not used: the router answers H17). */
export function parseResponseHead(buf: Buffer, start: number, headEnd: number, limits: ParseLimits): ResponseHead {
  // status-line = HTTP-version SP 3DIGIT SP [ reason ] CRLF (the SP before an empty reason may be missing)
  const v = version(buf, start);
  const d = start + 9;
  const c0 = buf[d] as number;
  const c1 = (buf[d + 1] as number) - 48;
  const c2 = (buf[d + 2] as number) - 48;
  if ((v !== 10 && v !== 11) || buf[start + 8] !== 32 || !(c0 >= 49 && c0 <= 57) || !(c1 >= 0 && c1 <= 9) || !(c2 >= 0 && c2 <= 9)) {
    throw new HeadError(502, 'invalid status line');
  }
  let i = d + 3;
  let reason = '';
  if (buf[i] === 32) {
    const r0 = ++i;
    i = valueEnd(buf, i, headEnd);
    reason = buf.toString('latin1', r0, i);
  }
  if (buf[i] !== CR || buf[i + 1] !== LF) throw new HeadError(502, 'invalid status line');
  const block = buf.toString('latin1', i + 2, headEnd - 2);
  const f = parseFields(buf, i + 2, headEnd - 2, block, limits.maxHeaders, limits.maxFieldLineBytes);
  let chunked = false;
  let untilClose = false;
  if (f.transferEncoding.length > 0) {
    if (f.contentLength !== -1) throw new HeadError(502, 'both Content-Length and Transfer-Encoding');
    const codings = transferCodings(f.transferEncoding);
    if (codings.length === 1 && codings[0] === 'chunked') chunked = true;
    else untilClose = true;
  }
  return {
    status: (c0 - 48) * 100 + c1 * 10 + c2, reason, untilClose, minor: v % 10, headers: f.headers,
    contentLength: f.contentLength, chunked, connection: f.connection, connectionNamed: f.connectionNamed,
    block, headBytes: headEnd - start,
  };
}
