// HTTP/1.1 message-head parsing (RFC 9112), strict on purpose: the router sits in front of arbitrary
// dyno servers, and any leniency here that a dyno parses differently is a request-smuggling hole.
// Heads are decoded as latin1 (one char per byte), so string positions equal byte positions.
import { HOST, UPGRADE } from './field-kind.js';
import { HeadError } from './head-error.js';
import { parseFields, type FieldHead, type HeaderField } from './header-fields.js';

export { HeadError };
export type { HeaderField };

export interface ParseLimits {
  maxHeadBytes: number;
  maxRequestLineBytes: number;
  maxHeaders: number;
}

export const DEFAULT_LIMITS: ParseLimits = { maxHeadBytes: 16 * 1024, maxRequestLineBytes: 8 * 1024, maxHeaders: 100 };

interface CommonHead extends FieldHead {
  /** 0 for HTTP/1.0, 1 for HTTP/1.1 */
  minor: number;
  chunked: boolean;
  /** bytes from the start of the head through the blank line */
  headBytes: number;
}

export interface RequestHead extends CommonHead {
  method: string;
  target: string;
  host: string | null;
  /** Upgrade: websocket with Connection: upgrade */
  websocket: boolean;
}

export interface ResponseHead extends CommonHead {
  status: number;
  reason: string;
  /** Transfer-Encoding present but not ending in chunked: the body runs until the dyno closes. */
  untilClose: boolean;
}

const TOKEN_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const REQUEST_LINE_RE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) ([\x21-\x7e]+) HTTP\/(\d)\.(\d)$/;
const STATUS_LINE_RE = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: ([\t\x20-\x7e\x80-\xff]*))?$/;
// host = IP-literal / IPv4 / reg-name, optional port (RFC 3986 §3.2.2).
const HOST_RE = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]+)(?::\d{0,5})?$/;

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
const CR = 13;
const LF = 10;

/**
 * Finds the end of a head starting at `start`. Returns the offset just past CRLFCRLF, -1 when more
 * bytes are needed. Throws on a bare LF (strict CRLF framing) or when the limits are exceeded.
 */
export function findHeadEnd(buf: Buffer, start: number, limits: ParseLimits, isRequest: boolean): number {
  const end = buf.indexOf(HEAD_END, start);
  if (end !== -1 && end + 4 - start <= limits.maxHeadBytes) {
    if (isRequest && buf.indexOf(CR, start) - start > limits.maxRequestLineBytes) throw new HeadError(414, 'request line too long');
    return end + 4;
  }
  const scanTo = end === -1 ? buf.length : end;
  // A bare LF anywhere means this head can never be valid: fail now instead of waiting for a timeout.
  for (let i = buf.indexOf(LF, start); i !== -1 && i < scanTo; i = buf.indexOf(LF, i + 1)) {
    if (i === start || buf[i - 1] !== CR) throw new HeadError(400, 'bare LF in head');
  }
  if (isRequest) {
    const firstLineEnd = buf.indexOf(LF, start);
    const lineLen = firstLineEnd === -1 ? scanTo - start : firstLineEnd - start;
    if (lineLen > limits.maxRequestLineBytes) throw new HeadError(414, 'request line too long');
  }
  if (scanTo - start > limits.maxHeadBytes) throw new HeadError(431, 'head too large');
  return -1;
}

/** Returns the lower-cased codings of all Transfer-Encoding fields; throws on invalid syntax. */
function transferCodings(values: string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    for (const part of v.split(',')) {
      // Transfer parameters (";q=…") are not something any dyno needs; treat them as invalid.
      const tok = part.trim().toLowerCase();
      if (!TOKEN_RE.test(tok)) throw new HeadError(400, 'invalid Transfer-Encoding');
      out.push(tok);
    }
  }
  return out;
}

/** The start line, the header block after it (each line still ending in CRLF), and where that block starts in buf. */
function splitHead(buf: Buffer, start: number, headEnd: number): [string, string, number] {
  const text = buf.toString('latin1', start, headEnd - 2);
  const firstEnd = text.indexOf('\r\n');
  return [text.slice(0, firstEnd), text.slice(firstEnd + 2), start + firstEnd + 2];
}

/** Parses a request head ending at headEnd (from findHeadEnd). Throws HeadError with the status to send. */
export function parseRequestHead(buf: Buffer, start: number, headEnd: number, limits: ParseLimits): RequestHead {
  const [startLine, block, blockStart] = splitHead(buf, start, headEnd);
  const m = REQUEST_LINE_RE.exec(startLine);
  if (!m) throw new HeadError(400, 'invalid request line');
  const major = Number(m[3]);
  if (major !== 1) throw new HeadError(505, 'HTTP version not supported');
  const head: RequestHead = {
    method: m[1] as string, target: m[2] as string, minor: m[4] === '0' ? 0 : 1,
    headers: [], contentLength: -1, chunked: false, connection: [], connectionNamed: false, headBytes: headEnd - start, block: '',
    host: null, websocket: false,
  };
  const te: string[] = [];
  parseFields(buf, blockStart, headEnd - 2, block, limits.maxHeaders, head, te);
  let hosts = 0;
  let upgrade = '';
  for (const h of head.headers) {
    if (h.kind === HOST) {
      hosts++;
      head.host = h.value;
    } else if (h.kind === UPGRADE) {
      upgrade += `${h.value},`;
    }
  }
  if (hosts > 1) throw new HeadError(400, 'more than one Host');
  if (hosts === 1 && !HOST_RE.test(head.host as string)) throw new HeadError(400, 'invalid Host');
  // HTTP/1.0 clients may omit Host (that is what app ports are for); HTTP/1.1 must send it.
  if (hosts === 0 && head.minor === 1) throw new HeadError(400, 'missing Host');
  if (te.length > 0) {
    if (head.minor === 0) throw new HeadError(400, 'Transfer-Encoding in HTTP/1.0');
    if (head.contentLength !== -1) throw new HeadError(400, 'both Content-Length and Transfer-Encoding');
    const codings = transferCodings(te);
    if (codings.length !== 1 || codings[0] !== 'chunked') {
      if (codings.filter((c) => c === 'chunked').length > 1) throw new HeadError(400, 'chunked applied twice');
      throw new HeadError(501, 'unsupported Transfer-Encoding');
    }
    head.chunked = true;
  }
  if (head.method === 'CONNECT') throw new HeadError(405, 'CONNECT not supported');
  const t = head.target;
  const originForm = t.charCodeAt(0) === 47; // '/'
  if (!originForm && !(t === '*' && head.method === 'OPTIONS') && !/^https?:\/\/[^/?#]+/i.test(t)) {
    throw new HeadError(400, 'invalid request target');
  }
  if (upgrade && head.connection.includes('upgrade')) {
    head.websocket = upgrade.split(',').some((u) => u.trim().toLowerCase() === 'websocket');
  }
  return head;
}

/** Parses a response head from a dyno. Throws HeadError (status ignored: the router answers 503). */
export function parseResponseHead(buf: Buffer, start: number, headEnd: number, limits: ParseLimits): ResponseHead {
  const [startLine, block, blockStart] = splitHead(buf, start, headEnd);
  const m = STATUS_LINE_RE.exec(startLine);
  if (!m) throw new HeadError(502, 'invalid status line');
  const head: ResponseHead = {
    status: Number(m[2]), reason: m[3] ?? '', minor: m[1] === '0' ? 0 : 1,
    headers: [], contentLength: -1, chunked: false, connection: [], connectionNamed: false, headBytes: headEnd - start, block: '',
    untilClose: false,
  };
  const te: string[] = [];
  parseFields(buf, blockStart, headEnd - 2, block, limits.maxHeaders, head, te);
  if (te.length > 0) {
    if (head.contentLength !== -1) throw new HeadError(502, 'both Content-Length and Transfer-Encoding');
    const codings = transferCodings(te);
    if (codings[codings.length - 1] === 'chunked' && codings.length === 1) head.chunked = true;
    else head.untilClose = true;
  }
  return head;
}
