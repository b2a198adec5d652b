// Message-body framing for streaming: each reader is fed raw bytes as they arrive and says how many of
// them belong to the current body, so bodies are relayed chunk by chunk and never buffered whole.
// Chunked bodies are validated strictly (RFC 9112 §7.1), with no leniency a dyno's parser might read
// differently, and forwarded verbatim.
import { CONTENT_LENGTH, HOST, TRANSFER_ENCODING, fieldKind } from './field-kind.js';

export class FramingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FramingError';
  }
}

export interface BodyReader {
  /** Consumes body bytes from buf[start..]; returns how many belonged to the body. */
  feed(buf: Buffer, start: number): number;
  readonly done: boolean;
  /** payload bytes seen so far (chunk data only, for chunked) */
  readonly payloadBytes: number;
}

/** Fixed Content-Length body (or an empty one). */
export class LengthReader implements BodyReader {
  private remaining: number;
  payloadBytes = 0;
  constructor(length: number) {
    this.remaining = length;
  }
  get done(): boolean {
    return this.remaining === 0;
  }
  feed(buf: Buffer, start: number): number {
    const n = Math.min(this.remaining, buf.length - start);
    this.remaining -= n;
    this.payloadBytes += n;
    return n;
  }
}

/** A response body delimited by the dyno closing the connection. */
export class UntilCloseReader implements BodyReader {
  done = false;
  payloadBytes = 0;
  feed(buf: Buffer, start: number): number {
    const n = buf.length - start;
    this.payloadBytes += n;
    return n;
  }
  /** The dyno closed: the body is complete. */
  finish(): void {
    this.done = true;
  }
}

const enum S {
  Size, ExtName, ExtEq, ExtToken, ExtQuoted, ExtEscape, ExtAfterQuote, SizeLf,
  Data, DataCr, DataLf, TrailerLine, TrailerLf, Done,
}

// 13 hex digits keep sizes below 2^53 so the arithmetic stays exact.
const MAX_SIZE_DIGITS = 13;
const MAX_LINE_EXTRA = 4096;
const MAX_TRAILER_BYTES = 16 * 1024;
// A trailer line: token ":" OWS field-value OWS (its CRLF is checked by the state machine).
const TRAILER_RE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[\t ]*[\t\x20-\x7e\x80-\xff]*$/;

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

// tchar (RFC 9110 §5.6.2)
function isTchar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || "!#$%&'*+-.^_`|~".includes(String.fromCharCode(c));
}

// qdtext (RFC 9110 §5.6.4): HTAB, SP, VCHAR except '"' and '\', obs-text
function isQdtext(c: number): boolean {
  return c === 9 || c === 32 || c === 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e) || c >= 0x80;
}

/**
 * Validating chunked-body scanner. chunk-ext is `*( ";" token [ "=" ( token / quoted-string ) ] )`
 * with no whitespace at all (RFC 9112 allows BWS there, which is how size-line smuggling starts).
 * Trailer lines must be valid fields and may not carry framing or routing fields. `onData` (optional)
 * receives the decoded payload spans, for when the body must be de-chunked (HTTP/1.0 clients).
 */
export class ChunkedReader implements BodyReader {
  private state = S.Size;
  private size = 0;
  private digits = 0;
  private remaining = 0;
  /** bytes of chunk extensions on this size line */
  private lineBytes = 0;
  /** bytes of the extension name being read */
  private nameBytes = 0;
  private trailerBytes = 0;
  private trailer = '';
  payloadBytes = 0;

  constructor(private readonly onData?: (buf: Buffer, start: number, end: number) => void) {}

  get done(): boolean {
    return this.state === S.Done;
  }

  feed(buf: Buffer, start: number): number {
    let i = start;
    const len = buf.length;
    while (i < len && this.state !== S.Done) {
      if (this.state === S.Data) {
        const n = Math.min(this.remaining, len - i);
        this.onData?.(buf, i, i + n);
        this.remaining -= n;
        this.payloadBytes += n;
        i += n;
        if (this.remaining === 0) this.state = S.DataCr;
        continue;
      }
      this.step(buf[i++] as number);
    }
    return i - start;
  }

  private step(c: number): void {
    switch (this.state) {
      case S.Size: {
        const h = hexValue(c);
        if (h >= 0) {
          if (++this.digits > MAX_SIZE_DIGITS) throw new FramingError('chunk size too large');
          this.size = this.size * 16 + h;
        } else if (this.digits === 0) {
          throw new FramingError('invalid chunk size');
        } else {
          this.endOfSizeOrExt(c, 'invalid chunk size');
        }
        return;
      }
      case S.ExtName:
        if (isTchar(c)) {
          this.nameBytes++;
          this.countExt(S.ExtName);
        } else if (this.nameBytes === 0) throw new FramingError('invalid chunk extension');
        else if (c === 61) this.countExt(S.ExtEq); // '='
        else this.endOfSizeOrExt(c, 'invalid chunk extension');
        return;
      case S.ExtEq:
        if (c === 34) this.countExt(S.ExtQuoted);
        else if (isTchar(c)) this.countExt(S.ExtToken);
        else throw new FramingError('invalid chunk extension value');
        return;
      case S.ExtToken:
        if (isTchar(c)) this.countExt(S.ExtToken);
        else this.endOfSizeOrExt(c, 'invalid chunk extension value');
        return;
      case S.ExtQuoted:
        if (c === 34) this.countExt(S.ExtAfterQuote);
        else if (c === 92) this.countExt(S.ExtEscape);
        else if (isQdtext(c)) this.countExt(S.ExtQuoted);
        else throw new FramingError('invalid quoted chunk extension');
        return;
      case S.ExtEscape:
        if (c === 9 || (c >= 0x20 && c !== 0x7f)) this.countExt(S.ExtQuoted);
        else throw new FramingError('invalid quoted chunk extension');
        return;
      case S.ExtAfterQuote:
        this.endOfSizeOrExt(c, 'invalid chunk extension');
        return;
      case S.SizeLf:
        if (c !== 10) throw new FramingError('expected LF after chunk size');
        this.state = this.size === 0 ? S.TrailerLine : S.Data;
        this.remaining = this.size;
        this.size = 0;
        this.digits = 0;
        this.lineBytes = 0;
        return;
      case S.DataCr:
        if (c !== 13) throw new FramingError('expected CRLF after chunk data');
        this.state = S.DataLf;
        return;
      case S.DataLf:
        if (c !== 10) throw new FramingError('expected CRLF after chunk data');
        this.state = S.Size;
        return;
      case S.TrailerLine:
        if (c === 13) {
          this.state = S.TrailerLf;
          return;
        }
        if (++this.trailerBytes > MAX_TRAILER_BYTES) throw new FramingError('trailer section too large');
        this.trailer += String.fromCharCode(c);
        return;
      case S.TrailerLf:
        if (c !== 10) throw new FramingError('expected LF in trailer section');
        if (this.trailer === '') {
          this.state = S.Done;
          return;
        }
        checkTrailer(this.trailer);
        this.trailer = '';
        this.state = S.TrailerLine;
        return;
    }
  }

  /** After the size or a complete extension: another extension, or the end of the line. */
  private endOfSizeOrExt(c: number, why: string): void {
    if (c === 59) { // ';'
      this.nameBytes = 0;
      this.countExt(S.ExtName);
    } else if (c === 13) {
      this.state = S.SizeLf;
    } else {
      throw new FramingError(why);
    }
  }

  private countExt(next: S): void {
    if (++this.lineBytes > MAX_LINE_EXTRA) throw new FramingError('chunk extension too long');
    this.state = next;
  }
}

function checkTrailer(line: string): void {
  const m = TRAILER_RE.exec(line);
  if (!m) throw new FramingError('invalid trailer field');
  const name = m[1] as string;
  const kind = fieldKind(name, 0, name.length);
  // A trailer must not change how the message was framed or where it was routed (RFC 9110 §6.5.1).
  if (kind === CONTENT_LENGTH || kind === TRANSFER_ENCODING || kind === HOST) throw new FramingError(`${name} in trailer section`);
}

/** Scans (without consuming) the start of a chunked body: 0 if fine so far, else the status to reject with. */
export function chunkedPrefixProblem(buf: Buffer, maxBody: number): number {
  const r = new ChunkedReader();
  try {
    r.feed(buf, 0);
  } catch (e) {
    if (e instanceof FramingError) return 400;
    throw e;
  }
  return r.payloadBytes > maxBody ? 413 : 0;
}
