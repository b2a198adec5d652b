// Message-body framing for streaming: each reader is fed raw bytes as they arrive and says how many of
// them belong to the current body, so bodies are relayed chunk by chunk and never buffered whole.
// Chunked bodies are validated strictly (RFC 9112 §7.1) and forwarded verbatim.

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
  Size, SizeWs, Ext, SizeLf, Data, DataCr, DataLf, TrailerStart, Trailer, TrailerLf, LastLf, Done,
}

// 13 hex digits keep sizes below 2^53 so the arithmetic stays exact.
const MAX_SIZE_DIGITS = 13;
const MAX_LINE_EXTRA = 4096;
const MAX_TRAILER_BYTES = 16 * 1024;

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

// Bytes allowed in chunk extensions and trailer lines: HTAB, SP..~, obs-text. No CTLs, no DEL.
function isTextByte(c: number): boolean {
  return c === 9 || (c >= 32 && c !== 127);
}

/**
 * Validating chunked-body scanner. `onData` (optional) receives the decoded payload spans, used when
 * the body must be de-chunked (HTTP/1.0 clients) rather than forwarded verbatim.
 */
export class ChunkedReader implements BodyReader {
  private state = S.Size;
  private size = 0;
  private digits = 0;
  private remaining = 0;
  private lineBytes = 0;
  private trailerBytes = 0;
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
        if (this.onData) this.onData(buf, i, i + n);
        this.remaining -= n;
        this.payloadBytes += n;
        i += n;
        if (this.remaining === 0) this.state = S.DataCr;
        continue;
      }
      const c = buf[i] as number;
      i++;
      switch (this.state) {
        case S.Size: {
          const h = hexValue(c);
          if (h >= 0) {
            if (++this.digits > MAX_SIZE_DIGITS) throw new FramingError('chunk size too large');
            this.size = this.size * 16 + h;
          } else if (this.digits === 0) {
            throw new FramingError('invalid chunk size');
          } else if (c === 59) { // ';'
            this.state = S.Ext;
          } else if (c === 32 || c === 9) {
            this.state = S.SizeWs;
          } else if (c === 13) {
            this.state = S.SizeLf;
          } else {
            throw new FramingError('invalid chunk size');
          }
          break;
        }
        case S.SizeWs:
          // BWS is only allowed before an extension.
          if (c === 59) this.state = S.Ext;
          else if (c !== 32 && c !== 9) throw new FramingError('invalid chunk size line');
          break;
        case S.Ext:
          if (c === 13) this.state = S.SizeLf;
          else if (!isTextByte(c) || ++this.lineBytes > MAX_LINE_EXTRA) throw new FramingError('invalid chunk extension');
          break;
        case S.SizeLf:
          if (c !== 10) throw new FramingError('expected LF after chunk size');
          if (this.size === 0) {
            this.state = S.TrailerStart;
          } else {
            this.remaining = this.size;
            this.state = S.Data;
          }
          this.size = 0;
          this.digits = 0;
          this.lineBytes = 0;
          break;
        case S.DataCr:
          if (c !== 13) throw new FramingError('expected CRLF after chunk data');
          this.state = S.DataLf;
          break;
        case S.DataLf:
          if (c !== 10) throw new FramingError('expected CRLF after chunk data');
          this.state = S.Size;
          break;
        case S.TrailerStart:
          if (c === 13) {
            this.state = S.LastLf;
            break;
          }
          if (c === 32 || c === 9 || c === 58) throw new FramingError('invalid trailer field');
          this.state = S.Trailer;
          this.countTrailer(c);
          break;
        case S.Trailer:
          if (c === 13) this.state = S.TrailerLf;
          else this.countTrailer(c);
          break;
        case S.TrailerLf:
          if (c !== 10) throw new FramingError('expected LF in trailer');
          this.state = S.TrailerStart;
          break;
        case S.LastLf:
          if (c !== 10) throw new FramingError('expected LF after last chunk');
          this.state = S.Done;
          break;
      }
    }
    return i - start;
  }

  private countTrailer(c: number): void {
    if (!isTextByte(c) || ++this.trailerBytes > MAX_TRAILER_BYTES) throw new FramingError('invalid trailer section');
  }
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
