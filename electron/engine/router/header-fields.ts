// The header section of an HTTP/1.1 head (RFC 9112 §5), scanned byte by byte over the received Buffer
// in one pass that both validates and finds the fields. Strict on purpose: each line is a token name,
// a colon, a value of VCHAR/obs-text/SP/HTAB, and CRLF. That rules out obs-fold (a line starting with
// whitespace), space before the colon, and any bare CR, LF, NUL or other control.
import { CONNECTION, CONTENT_LENGTH, HOST, TRANSFER_ENCODING, UPGRADE, fieldKind, fieldKindBytes, isHopByHop } from './field-kind.js';
import { HeadError } from './head-error.js';

/**
 * One header line, as offsets into the head's `block` string: names and values become strings only
 * when someone asks (most fields are forwarded as received and never need to be strings).
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

/** What the field scan fills in. */
export interface FieldHead {
  headers: HeaderField[];
  /** -1 when absent */
  contentLength: number;
  /** lower-cased tokens of every Connection header */
  connection: string[];
  /** some Connection token names a field that is not hop-by-hop anyway (so fields must be checked against it) */
  connectionNamed: boolean;
  /** the header lines as received (latin1), each ending in CRLF; fields point into it */
  block: string;
}

// tchar (RFC 9110 §5.6.2).
export const TCHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~") TCHAR[c.charCodeAt(0)] = 1;
for (let c = 48; c <= 57; c++) TCHAR[c] = 1;
for (let c = 65; c <= 90; c++) TCHAR[c] = TCHAR[c + 32] = 1;

/**
 * Where a run of field-value bytes (VCHAR, obs-text, SP, HTAB: anything but CTLs other than HTAB, and
 * DEL) starting at i ends, at most `to`. Two comparisons per byte: a third faster than a table lookup.
 */
export function valueEnd(buf: Buffer, i: number, to: number): number {
  for (; i < to; i++) {
    const c = buf[i] as number;
    if (c < 32 ? c !== 9 : c === 127) break;
  }
  return i;
}

function connectionToken(head: FieldHead, t: string): void {
  const tok = t.trim().toLowerCase();
  if (!tok) return;
  if (Object.isFrozen(head.connection)) head.connection = []; // the shared empty list (NO_TOKENS)
  head.connection.push(tok);
  // Tokens naming fields that are stripped (or, Host, kept) anyway need no per-field check later.
  const k = fieldKind(tok, 0, tok.length);
  if (!isHopByHop(k) && k !== HOST) head.connectionNamed = true;
}

/** Where scanFieldLine found the parts of the line it accepted (reused: read it right away). */
export const LINE = { colon: 0, valueStart: 0, valueEnd: 0 };

/**
 * One header line at buf[i..to): a token name, a colon, optional whitespace, a value of field-value bytes (valueEnd),
 * CRLF. Returns the offset just past its CRLF, with the parts in LINE (value without surrounding
 * whitespace), or -1 if the line is not valid. The one place the field grammar is written down.
 */
export function scanFieldLine(buf: Buffer, i: number, to: number): number {
  const lineStart = i;
  while (i < to && TCHAR[buf[i] as number] === 1) i++;
  if (i === lineStart || i >= to || buf[i] !== 58) return -1;
  const colon = i++;
  while (i < to && (buf[i] === 32 || buf[i] === 9)) i++;
  const a = i;
  i = valueEnd(buf, i, to);
  if (i + 2 > to || buf[i] !== 13 || buf[i + 1] !== 10) return -1;
  // Trailing whitespace is not part of the value (found backwards: one test per byte above, not three).
  let b = i;
  while (b > a && (buf[b - 1] === 32 || buf[b - 1] === 9)) b--;
  LINE.colon = colon;
  LINE.valueStart = a;
  LINE.valueEnd = b;
  return i + 2;
}

/** Content-Length: 1–15 digits (no sign, no list: lists and repeats are how CL.CL smuggling starts); -1 if not. */
export function contentLengthValue(buf: Buffer, a: number, b: number): number {
  if (b - a < 1 || b - a > 15) return -1;
  let n = 0;
  for (let i = a; i < b; i++) {
    const d = (buf[i] as number) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * What parseFields saw of the fields a request head is checked by (one object, reused: read it right
 * after the call): how many Host fields, the last one, and the Upgrade values ("a,b,").
 */
export const REQUEST_FIELDS = { hosts: 0, host: null as HeaderField | null, upgrade: '' };

/**
 * Scans buf[from..to), the header lines after the start line (each ending in CRLF; `block` is the
 * same bytes as a latin1 string). Throws HeadError 400 on any invalid line, 431 past maxHeaders.
 */
export function parseFields(
  buf: Buffer, from: number, to: number, block: string, maxHeaders: number, head: FieldHead, teValues: string[],
): void {
  head.block = block;
  const seen = REQUEST_FIELDS;
  seen.hosts = 0;
  seen.host = null;
  seen.upgrade = '';
  let clSeen = false;
  let count = 0;
  let i = from;
  while (i < to) {
    count++;
    const lineStart = i;
    i = scanFieldLine(buf, i, to);
    if (i === -1) throw new HeadError(400, 'invalid header field');
    if (count > maxHeaders) continue; // only syntax is checked past the limit (431 below)
    const colon = LINE.colon;
    const a = LINE.valueStart;
    const b = LINE.valueEnd;
    const kind = fieldKindBytes(buf, lineStart, colon);
    const h = new HeaderField(block, lineStart - from, i - from, colon - from, a - from, b - from, kind);
    head.headers.push(h);
    switch (kind) {
      case CONTENT_LENGTH: {
        const n = contentLengthValue(buf, a, b);
        if (clSeen || n < 0) throw new HeadError(400, 'invalid Content-Length');
        clSeen = true;
        head.contentLength = n;
        break;
      }
      case TRANSFER_ENCODING:
        teValues.push(h.value);
        break;
      case HOST:
        seen.hosts++;
        seen.host = h;
        break;
      case UPGRADE:
        seen.upgrade += `${h.value},`;
        break;
      case CONNECTION: {
        const v = h.value;
        // Common case, one token ("keep-alive", "close"): no list to split.
        for (const t of v.includes(',') ? v.split(',') : [v]) connectionToken(head, t);
        break;
      }
    }
  }
  // After the scan, so an invalid head is a 400 however many fields it has.
  if (count > maxHeaders) throw new HeadError(431, 'too many header fields');
}
