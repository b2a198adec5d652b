// HTTP/1.1 message-head parsing (RFC 9112), strict on purpose: the router sits in front of arbitrary
// dyno servers, and any leniency here that a dyno parses differently is a request-smuggling hole.
// Heads are decoded as latin1 (one char per byte), so string positions equal byte positions.
import { CONNECTION, CONTENT_LENGTH, HOST, TRANSFER_ENCODING, UPGRADE, fieldKind, isHopByHop } from './field-kind.js';

/**
 * One header line, as offsets into the head's `block`: names and values become strings only when
 * someone asks (most fields are forwarded as received bytes and never need to be strings).
 */
export class HeaderField {
  constructor(
    private readonly block: string,
    /** where the whole line (through its CRLF) sits in `block` */
    readonly start: number,
    readonly end: number,
    private readonly colon: number,
    private readonly valueStart: number,
    private readonly valueEnd: number,
    /** one of field-kind.ts's constants */
    readonly kind: number,
  ) {}

  get name(): string {
    return this.block.slice(this.start, this.colon);
  }

  /** lower-cased name, for comparisons */
  get lower(): string {
    return this.name.toLowerCase();
  }

  /** the value without surrounding whitespace */
  get value(): string {
    return this.block.slice(this.valueStart, this.valueEnd);
  }

  /** the line is exactly `name: value\r\n`, so it can be forwarded as is (see header-rewrite) */
  get canonical(): boolean {
    return this.valueStart === this.colon + 2 && this.valueEnd === this.end - 2 && this.block.charCodeAt(this.colon + 1) === 32;
  }
}

/** A rejected head: the status to answer with before closing the connection. */
export class HeadError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'HeadError';
  }
}

export interface ParseLimits {
  maxHeadBytes: number;
  maxRequestLineBytes: number;
  maxHeaders: number;
}

export const DEFAULT_LIMITS: ParseLimits = { maxHeadBytes: 16 * 1024, maxRequestLineBytes: 8 * 1024, maxHeaders: 100 };

interface CommonHead {
  headers: HeaderField[];
  /** 0 for HTTP/1.0, 1 for HTTP/1.1 */
  minor: number;
  /** -1 when absent */
  contentLength: number;
  chunked: boolean;
  /** lower-cased tokens of every Connection header */
  connection: string[];
  /** some Connection token names a field that is not hop-by-hop anyway (so fields must be checked against it) */
  connectionNamed: boolean;
  /** bytes from the start of the head through the blank line */
  headBytes: number;
  /** the header lines as received (latin1), each ending in CRLF; fields point into it */
  block: string;
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
const CONTENT_LENGTH_RE = /^\d{1,15}$/;
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

// The whole header block at once: each line a token name, a colon, a value of VCHAR/obs-text/SP/HTAB,
// and CRLF. This rules out obs-fold (a line starting with whitespace), space before the colon, and any
// bare CR, LF, NUL or other control, in one linear pass.
const FIELD_BLOCK_RE = /^(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+:[\t\x20-\x7e\x80-\xff]*\r\n)*$/;

/** `block` is the text after the start line: zero or more `name:value\r\n` lines. */
function parseFields(block: string, limits: ParseLimits, head: CommonHead, teValues: string[]): void {
  if (!FIELD_BLOCK_RE.test(block)) throw new HeadError(400, 'invalid header field');
  head.block = block;
  let clSeen = false;
  let pos = 0;
  let count = 0;
  while (pos < block.length) {
    if (++count > limits.maxHeaders) throw new HeadError(431, 'too many header fields');
    const colon = block.indexOf(':', pos);
    const eol = block.indexOf('\r\n', colon);
    let a = colon + 1;
    let b = eol;
    while (a < b && (block.charCodeAt(a) === 32 || block.charCodeAt(a) === 9)) a++;
    while (b > a && (block.charCodeAt(b - 1) === 32 || block.charCodeAt(b - 1) === 9)) b--;
    const kind = fieldKind(block, pos, colon);
    const h = new HeaderField(block, pos, eol + 2, colon, a, b, kind);
    head.headers.push(h);
    pos = eol + 2;
    switch (kind) {
      case CONTENT_LENGTH:
        // One Content-Length, one number: lists and repeats are how CL.CL smuggling starts.
        if (clSeen || !CONTENT_LENGTH_RE.test(h.value)) throw new HeadError(400, 'invalid Content-Length');
        clSeen = true;
        head.contentLength = Number(h.value);
        break;
      case TRANSFER_ENCODING:
        teValues.push(h.value);
        break;
      case CONNECTION:
        for (const t of h.value.split(',')) {
          const tok = t.trim().toLowerCase();
          if (!tok) continue;
          head.connection.push(tok);
          // Tokens naming fields that are stripped (or, Host, kept) anyway need no per-field check later.
          const k = fieldKind(tok, 0, tok.length);
          if (!isHopByHop(k) && k !== HOST) head.connectionNamed = true;
        }
        break;
    }
  }
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

/** The start line, and the header block after it (each line still ending in CRLF). */
function splitHead(buf: Buffer, start: number, headEnd: number): [string, string] {
  const text = buf.toString('latin1', start, headEnd - 2);
  const firstEnd = text.indexOf('\r\n');
  return [text.slice(0, firstEnd), text.slice(firstEnd + 2)];
}

/** Parses a request head ending at headEnd (from findHeadEnd). Throws HeadError with the status to send. */
export function parseRequestHead(buf: Buffer, start: number, headEnd: number, limits: ParseLimits): RequestHead {
  const [startLine, block] = splitHead(buf, start, headEnd);
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
  parseFields(block, limits, head, te);
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
  const [startLine, block] = splitHead(buf, start, headEnd);
  const m = STATUS_LINE_RE.exec(startLine);
  if (!m) throw new HeadError(502, 'invalid status line');
  const head: ResponseHead = {
    status: Number(m[2]), reason: m[3] ?? '', minor: m[1] === '0' ? 0 : 1,
    headers: [], contentLength: -1, chunked: false, connection: [], connectionNamed: false, headBytes: headEnd - start, block: '',
    untilClose: false,
  };
  const te: string[] = [];
  parseFields(block, limits, head, te);
  if (te.length > 0) {
    if (head.contentLength !== -1) throw new HeadError(502, 'both Content-Length and Transfer-Encoding');
    const codings = transferCodings(te);
    if (codings[codings.length - 1] === 'chunked' && codings.length === 1) head.chunked = true;
    else head.untilClose = true;
  }
  return head;
}
