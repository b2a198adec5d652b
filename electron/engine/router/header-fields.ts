// The header section of an HTTP/1.1 head (RFC 9112 §5), scanned byte by byte in one pass that both
// validates and finds the fields. Strict on purpose: each line is a token name, a colon, a value of
// VCHAR/obs-text/SP/HTAB, and CRLF. That rules out obs-fold (a line starting with whitespace), space
// before the colon, and any bare CR, LF, NUL or other control.
import { CONNECTION, CONTENT_LENGTH, HOST, TRANSFER_ENCODING, UPGRADE, fieldKind, isHopByHop } from './field-kind.js';
import { HeadError } from './head-error.js';

/**
 * One header line, as offsets into its head's `block` string: names and values become strings only
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

  /**
   * The name equals `lower` (lower-case letters and '-') ignoring case, without making a string of
   * it: for fields the router looks at only when a feature asks (session affinity's Cookie).
   */
  named(lower: string): boolean {
    if (this.colon - this.start !== lower.length) return false;
    // `| 0x20` lower-cases letters and leaves '-' as it is (same trick as field-kind.ts).
    for (let i = 0; i < lower.length; i++) if ((this.block.charCodeAt(this.start + i) | 0x20) !== lower.charCodeAt(i)) return false;
    return true;
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

/** What a scan of a header section found. */
export interface FieldScan {
  headers: HeaderField[];
  /** -1 when absent */
  contentLength: number;
  /** lower-cased tokens of every Connection header */
  connection: string[];
  /** some Connection token names a field that is not hop-by-hop anyway (so fields must be checked against it) */
  connectionNamed: boolean;
  /** Transfer-Encoding values, in order */
  transferEncoding: string[];
  hosts: HeaderField[];
  /** Upgrade values, in order */
  upgrade: string[];
}

// tchar (RFC 9110 §5.6.2).
export const TCHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~") TCHAR[c.charCodeAt(0)] = 1;
for (let c = 48; c <= 57; c++) TCHAR[c] = 1;
for (let c = 65; c <= 90; c++) TCHAR[c] = TCHAR[c + 32] = 1;

/** Where a run of field-value bytes (anything but CTLs other than HTAB, and DEL) starting at i ends, at most `to`. */
export function valueEnd(buf: Buffer, i: number, to: number): number {
  for (; i < to; i++) {
    const c = buf[i] as number;
    if (c < 32 ? c !== 9 : c === 127) break;
  }
  return i;
}

/**
 * Splits a list value on commas and trims optional whitespace (SP and HTAB only: String.trim() would
 * also strip characters such as a non-breaking space, which a dyno's parser may not).
 */
export function listItems(value: string): string[] {
  return value.split(',').map((t) => t.replace(/^[ \t]+|[ \t]+$/g, ''));
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
 * Scans buf[from..to), the header lines after the start line (each ending in CRLF; `block` is the same
 * bytes as a latin1 string). Throws HeadError 400 on any invalid line, 431 on a line longer than
 * maxLineBytes or past maxHeaders fields.
 */
export function parseFields(buf: Buffer, from: number, to: number, block: string, maxHeaders: number, maxLineBytes: number): FieldScan {
  const scan: FieldScan = {
    headers: [], contentLength: -1, connection: [], connectionNamed: false, transferEncoding: [], hosts: [], upgrade: [],
  };
  let tooLong = false;
  let count = 0;
  let i = from;
  while (i < to) {
    count++;
    const lineStart = i;
    while (i < to && TCHAR[buf[i] as number] === 1) i++;
    if (i === lineStart || i >= to || buf[i] !== 58) throw new HeadError(400, 'invalid header field');
    const colon = i++;
    while (i < to && (buf[i] === 32 || buf[i] === 9)) i++;
    const a = i;
    i = valueEnd(buf, i, to);
    if (i + 2 > to || buf[i] !== 13 || buf[i + 1] !== 10) throw new HeadError(400, 'invalid header field');
    let b = i;
    while (b > a && (buf[b - 1] === 32 || buf[b - 1] === 9)) b--;
    i += 2;
    if (i - lineStart > maxLineBytes) tooLong = true;
    if (count > maxHeaders) continue; // only syntax is checked past the limit (431 below)
    const h = new HeaderField(block, lineStart - from, i - from, colon - from, a - from, b - from, fieldKind(block, lineStart - from, colon - from));
    scan.headers.push(h);
    addField(scan, h, buf, a, b);
  }
  // After the scan, so an invalid head is a 400 whatever its size.
  if (tooLong) throw new HeadError(431, 'header line too long');
  if (count > maxHeaders) throw new HeadError(431, 'too many header fields');
  return scan;
}

function addField(scan: FieldScan, h: HeaderField, buf: Buffer, a: number, b: number): void {
  switch (h.kind) {
    case CONTENT_LENGTH: {
      const n = contentLengthValue(buf, a, b);
      if (scan.contentLength !== -1 || n < 0) throw new HeadError(400, 'invalid Content-Length');
      scan.contentLength = n;
      break;
    }
    case TRANSFER_ENCODING:
      scan.transferEncoding.push(h.value);
      break;
    case HOST:
      scan.hosts.push(h);
      break;
    case UPGRADE:
      scan.upgrade.push(h.value);
      break;
    case CONNECTION:
      for (const item of listItems(h.value)) {
        const tok = item.toLowerCase();
        if (!tok) continue;
        scan.connection.push(tok);
        // Tokens naming fields that are stripped (or, Host, kept) anyway need no per-field check later.
        const k = fieldKind(tok, 0, tok.length);
        if (!isHopByHop(k) && k !== HOST) scan.connectionNamed = true;
      }
      break;
  }
}
