// HTTP/1.1 message-head parsing (RFC 9112), strict on purpose: the router sits in front of arbitrary
// dyno servers, and any leniency here that a dyno parses differently is a request-smuggling hole.
// Heads are decoded as latin1 (one char per byte), so string positions equal byte positions.
import { HeadError } from './head-error.js';
import { REQUEST_FIELDS, TCHAR, parseFields, valueEnd, type FieldHead, type HeaderField } from './header-fields.js';
import { copyRun } from './socket-read.js';

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
  /**
   * Derived from the header block alone, worked out once per block: shared by every head of a
   * connection that repeats the block (see BlockMemo); null when the head was not remembered.
   */
  parts: BlockParts | null;
}

/** What follows from a header block alone (filled in by header-rewrite.ts on first use). */
export interface BlockParts {
  /** the client's X-Request-Id if valid, null if none is: undefined until looked up */
  clientId: string | null | undefined;
  /** the dyno-bound head from after the request line up to X-Request-Id (when the client sent Host) */
  section: Uint8Array | null;
  /** the dyno-bound head after the X-Request-Start digits, to its end, for this client address and port */
  closing: Uint8Array | null;
  closingIp: string;
  closingPort: number;
  /** dyno-bound heads written for this block so far: the bytes are kept from the second one on */
  writes: number;
  /**
   * The request line, `section` and "X-Request-Id: " as one run, for the method and target last seen
   * with this block (kept once they come twice in a row).
   */
  line: Uint8Array | null;
  lineMethod: string;
  lineTarget: string;
}

/** Longest header block a connection remembers. */
const MEMO_MAX_BLOCK = 4096;
/** Blocks up to this size are compared byte by byte; longer ones by Buffer.compare (a call into C++). */
const MEMO_LOOP_BYTES = 64;

/**
 * A connection's memory of its last request's header block. Keep-alive clients tend to send the same
 * block again and again (API clients, health checks, polling, load generators), with only the request
 * line changing: a block that is byte for byte the one before parses the same, so the head is made
 * from the remembered one, sharing its header fields (nothing changes a head after parsing). Checks
 * that depend on the request line as well (a missing Host in HTTP/1.1) are made every time; a
 * block with Transfer-Encoding is never remembered (its checks depend on the HTTP version).
 */
export class BlockMemo {
  private bytes: Buffer = Buffer.alloc(0);
  private length = -1;
  private head: RequestHead | null = null;
  private limits: ParseLimits | null = null;
  /** requests in a row whose block was not the remembered one */
  private misses = 0;

  /** The remembered head if buf[from..to) is the remembered block (parsed under the same limits). */
  match(buf: Buffer, from: number, to: number, limits: ParseLimits): RequestHead | null {
    const n = to - from;
    if (this.head !== null && n === this.length && limits === this.limits) {
      const b = this.bytes;
      let same = true;
      if (n <= MEMO_LOOP_BYTES) {
        // From the end: where a client's blocks differ, it is more often in a late line than in Host.
        for (let i = n - 1; i >= 0; i--) {
          if (buf[from + i] !== b[i]) {
            same = false;
            break;
          }
        }
      } else {
        same = buf.compare(b, 0, n, from, to) === 0;
      }
      if (same) {
        this.misses = 0;
        return this.head;
      }
    }
    this.misses++;
    return null;
  }

  /**
   * Keeps a freshly parsed block. A client whose blocks keep changing gets only every eighth one kept
   * (copying each would be wasted); a repeat is then noticed within a few requests.
   */
  remember(buf: Buffer, from: number, to: number, head: RequestHead, limits: ParseLimits): void {
    if (this.misses > 2 && (this.misses & 7) !== 0) return;
    const n = to - from;
    if (n > MEMO_MAX_BLOCK) {
      this.head = null;
      return;
    }
    if (this.bytes.length < n) this.bytes = Buffer.allocUnsafe(Math.max(n, MEMO_LOOP_BYTES));
    copyRun(buf, from, to, this.bytes, 0);
    this.length = n;
    this.head = head;
    this.limits = limits;
  }

  forget(): void {
    this.head = null;
  }
}

export interface ResponseHead extends CommonHead {
  status: number;
  reason: string;
  /** Transfer-Encoding present but not ending in chunked: the body runs until the dyno closes. */
  untilClose: boolean;
}

const TOKEN_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// host = IP-literal / IPv4 / reg-name, optional port (RFC 3986 §3.2.2).
const HOST_RE = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]+)(?::\d{0,5})?$/;

/** The Host value that passed HOST_RE last: keep-alive clients send the same one again and again. */
let lastValidHost = '';

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
const CR = 13;
const LF = 10;

/**
 * Where CRLFCRLF starts at or after `start`, or -1. Short heads (most requests) are scanned here:
 * cheaper than a call into C++. The byte where the pattern would end decides how far to move on: one
 * that is neither CR nor LF cannot be in any match covering it (skip 4); after an LF that ends no
 * match, the next possible start is 2 on; after a CR, 1 on.
 */
function headEndIndex(buf: Buffer, start: number): number {
  const n = buf.length;
  if (n - start > 1024) return buf.indexOf(HEAD_END, start);
  for (let i = start; i + 3 < n;) {
    const c = buf[i + 3];
    if (c === LF) {
      if (buf[i] === CR && buf[i + 1] === LF && buf[i + 2] === CR) return i;
      i += 2;
    } else {
      i += c === CR ? 1 : 4;
    }
  }
  return -1;
}

/** Where the first CR is at or after `start`, or -1 (same reason). */
function crIndex(buf: Buffer, start: number): number {
  const n = buf.length;
  if (n - start > 1024) return buf.indexOf(CR, start);
  for (let i = start; i < n; i++) if (buf[i] === CR) return i;
  return -1;
}

/**
 * Finds the end of a head starting at `start`. Returns the offset just past CRLFCRLF, -1 when more
 * bytes are needed. Throws on a bare LF (strict CRLF framing) or when the limits are exceeded.
 */
export function findHeadEnd(buf: Buffer, start: number, limits: ParseLimits, isRequest: boolean): number {
  const end = headEndIndex(buf, start);
  if (end !== -1 && end + 4 - start <= limits.maxHeadBytes) {
    // The request line is part of the head: only a head longer than its limit can break it.
    if (isRequest && end + 4 - start > limits.maxRequestLineBytes && crIndex(buf, start) - start > limits.maxRequestLineBytes) {
      throw new HeadError(414, 'request line too long');
    }
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

// Buffer's own latin1 slicer, without toString's argument and encoding dispatch (hot path).
function latin1(buf: Buffer, a: number, b: number): string {
  return (buf as unknown as { latin1Slice(a: number, b: number): string }).latin1Slice(a, b);
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 48 && c <= 57;
}

/** `HTTP/d.d` at buf[i..]: major * 10 + minor, or -1. */
function version(buf: Buffer, i: number): number {
  // 'H' 'T' 'T' 'P' '/'
  if (buf[i] !== 72 || buf[i + 1] !== 84 || buf[i + 2] !== 84 || buf[i + 3] !== 80 || buf[i + 4] !== 47) return -1;
  if (!isDigit(buf[i + 5]) || buf[i + 6] !== 46 || !isDigit(buf[i + 7])) return -1;
  return ((buf[i + 5] as number) - 48) * 10 + (buf[i + 7] as number) - 48;
}

/** What requestLine() read (one object, reused: no tuple per request). */
const LINE_PARTS = { method: '', target: '', major: 0, minor: 0, next: 0 };

/**
 * request-line = method SP request-target SP HTTP-version CRLF (RFC 9112 §3), read from bytes:
 * method a token, target visible ASCII. Fills LINE_PARTS (next: the offset after CRLF).
 */
function requestLine(buf: Buffer, start: number): void {
  let i = start;
  while (TCHAR[buf[i] as number] === 1) i++;
  if (i === start || buf[i] !== 32) throw new HeadError(400, 'invalid request line');
  const t0 = ++i;
  for (let c = buf[i] as number; c >= 0x21 && c <= 0x7e; c = buf[++i] as number);
  if (i === t0 || buf[i] !== 32) throw new HeadError(400, 'invalid request line');
  const v = version(buf, i + 1);
  if (v < 0 || buf[i + 9] !== 13 || buf[i + 10] !== 10) throw new HeadError(400, 'invalid request line');
  LINE_PARTS.target = i - t0 === 1 && buf[t0] === 47 ? '/' : latin1(buf, t0, i);
  LINE_PARTS.method = methodName(buf, start, t0 - 1);
  LINE_PARTS.major = Math.floor(v / 10);
  LINE_PARTS.minor = v % 10;
  LINE_PARTS.next = i + 11;
}

/** Connection tokens of a head that has none (shared and frozen: parseFields replaces it before adding). */
const NO_TOKENS = Object.freeze([]) as unknown as string[];
/** Transfer-Encoding values of the head being parsed (reused: parsing is never re-entered). */
const TE_VALUES: string[] = [];

/** The method token at buf[a..b): the common ones as shared constants (no new string per request). */
function methodName(buf: Buffer, a: number, b: number): string {
  const n = b - a;
  const c = buf[a];
  if (n === 3 && c === 71 && buf[a + 1] === 69 && buf[a + 2] === 84) return 'GET';
  const m = n === 4 ? (c === 80 ? 'POST' : c === 72 ? 'HEAD' : '') : n === 3 && c === 80 ? 'PUT'
    : n === 6 ? 'DELETE' : n === 5 ? 'PATCH' : n === 7 ? 'OPTIONS' : '';
  if (m === '') return latin1(buf, a, b);
  for (let k = 0; k < n; k++) if (buf[a + k] !== m.charCodeAt(k)) return latin1(buf, a, b);
  return m;
}

function badStatusLine(): HeadError {
  return new HeadError(502, 'invalid status line');
}

/** status-line = HTTP/1.x SP 3DIGIT [SP reason] CRLF. Returns [minor, status, reason, offset after CRLF]. */
function statusLine(buf: Buffer, start: number): [number, number, string, number] {
  const v = version(buf, start);
  if (v !== 10 && v !== 11) throw badStatusLine();
  if (buf[start + 8] !== 32) throw badStatusLine();
  const d = start + 9;
  const c0 = buf[d] as number;
  if (!(c0 >= 49 && c0 <= 57) || !isDigit(buf[d + 1]) || !isDigit(buf[d + 2])) throw badStatusLine();
  const status = (c0 - 48) * 100 + ((buf[d + 1] as number) - 48) * 10 + ((buf[d + 2] as number) - 48);
  let i = d + 3;
  let reason = '';
  if (buf[i] === 32) {
    const r0 = ++i;
    i = valueEnd(buf, i, buf.length);
    reason = latin1(buf, r0, i);
  }
  if (buf[i] !== 13 || buf[i + 1] !== 10) throw badStatusLine();
  return [v % 10, status, reason, i + 2];
}

/**
 * Parses a request head ending at headEnd (from findHeadEnd). Throws HeadError with the status to
 * send. With a memo (one per connection), a header block that repeats the last one is not parsed again.
 */
export function parseRequestHead(buf: Buffer, start: number, headEnd: number, limits: ParseLimits, memo?: BlockMemo): RequestHead {
  requestLine(buf, start);
  if (LINE_PARTS.major !== 1) throw new HeadError(505, 'HTTP version not supported');
  const blockStart = LINE_PARTS.next;
  const same = memo ? memo.match(buf, blockStart, headEnd - 2, limits) : null;
  const head = same ? repeatHead(same, headEnd - start) : parseBlock(buf, blockStart, headEnd, limits, headEnd - start);
  // HTTP/1.0 clients may omit Host (that is what app ports are for); HTTP/1.1 must send it. (parseBlock
  // checks this itself, before the Transfer-Encoding checks; this is for heads made from the memo.)
  if (head.host === null && head.minor === 1) throw new HeadError(400, 'missing Host');
  if (head.method === 'CONNECT') throw new HeadError(405, 'CONNECT not supported');
  const t = head.target;
  const originForm = t.charCodeAt(0) === 47; // '/'
  if (!originForm && !(t === '*' && head.method === 'OPTIONS') && !/^https?:\/\/[^/?#]+/i.test(t)) {
    throw new HeadError(400, 'invalid request target');
  }
  if (memo && !same) {
    if (head.parts !== null) memo.remember(buf, blockStart, headEnd - 2, head, limits);
    else memo.forget();
  }
  return head;
}

/** A head for the request line just read (LINE_PARTS) with the header block of `prev`. */
function repeatHead(prev: RequestHead, headBytes: number): RequestHead {
  return {
    method: LINE_PARTS.method, target: LINE_PARTS.target, minor: LINE_PARTS.minor === 0 ? 0 : 1,
    headers: prev.headers, contentLength: prev.contentLength, chunked: prev.chunked, connection: prev.connection,
    connectionNamed: prev.connectionNamed, headBytes, block: prev.block,
    host: prev.host, websocket: prev.websocket, parts: prev.parts,
  };
}

/** The header block after the request line (LINE_PARTS), parsed; `parts` is set unless it has Transfer-Encoding. */
function parseBlock(buf: Buffer, blockStart: number, headEnd: number, limits: ParseLimits, headBytes: number): RequestHead {
  const block = latin1(buf, blockStart, headEnd - 2);
  const head: RequestHead = {
    method: LINE_PARTS.method, target: LINE_PARTS.target, minor: LINE_PARTS.minor === 0 ? 0 : 1,
    headers: [], contentLength: -1, chunked: false, connection: NO_TOKENS, connectionNamed: false, headBytes, block: '',
    host: null, websocket: false, parts: null,
  };
  const te = TE_VALUES;
  if (te.length !== 0) te.length = 0;
  parseFields(buf, blockStart, headEnd - 2, block, limits.maxHeaders, head, te);
  const hosts = REQUEST_FIELDS.hosts;
  const upgrade = REQUEST_FIELDS.upgrade;
  if (hosts === 1) head.host = (REQUEST_FIELDS.host as HeaderField).value;
  if (hosts > 1) throw new HeadError(400, 'more than one Host');
  if (hosts === 1 && head.host !== lastValidHost) {
    if (!HOST_RE.test(head.host as string)) throw new HeadError(400, 'invalid Host');
    lastValidHost = head.host as string;
  }
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
  if (upgrade && head.connection.includes('upgrade')) {
    head.websocket = upgrade.split(',').some((u) => u.trim().toLowerCase() === 'websocket');
  }
  if (te.length === 0) head.parts = {
    clientId: undefined, section: null, closing: null, closingIp: '', closingPort: -1, writes: 0, line: null, lineMethod: '', lineTarget: '',
  };
  return head;
}

/** Parses a response head from a dyno. Throws HeadError (status ignored: the router answers 503). */
export function parseResponseHead(buf: Buffer, start: number, headEnd: number, limits: ParseLimits): ResponseHead {
  const [minor, status, reason, blockStart] = statusLine(buf, start);
  const block = latin1(buf, blockStart, headEnd - 2);
  const head: ResponseHead = {
    status, reason, minor,
    headers: [], contentLength: -1, chunked: false, connection: NO_TOKENS, connectionNamed: false, headBytes: headEnd - start, block: '',
    untilClose: false,
  };
  const te = TE_VALUES;
  if (te.length !== 0) te.length = 0;
  parseFields(buf, blockStart, headEnd - 2, block, limits.maxHeaders, head, te);
  if (te.length > 0) {
    if (head.contentLength !== -1) throw new HeadError(502, 'both Content-Length and Transfer-Encoding');
    const codings = transferCodings(te);
    if (codings[codings.length - 1] === 'chunked' && codings.length === 1) head.chunked = true;
    else head.untilClose = true;
  }
  return head;
}
