// The response half of one proxied request: parse the dyno's response head (relaying 1xx interim
// responses), pick the client framing, then stream the body to the client with backpressure. The
// Exchange that owns it keeps the request lifecycle (routing, retries, H-codes, logging); this file
// only reports back what happened to the response.
import { ChunkedReader, FramingError, LengthReader, UntilCloseReader, type BodyReader } from './body-framing.js';
import type { ClientConnection } from './client-connection.js';
import { clientResponseHead, interimHead, type ClientFraming } from './header-rewrite.js';
import { findHeadEnd, parseResponseHead, type RequestHead, type ResponseHead } from './http-head.js';
import { fastSmallResponse } from './response-fast.js';
import { latin1Write } from './latin1-bytes.js';
import { SCRATCH, retain, scratchFree } from './socket-read.js';

/** Bodies up to this size are sent in the same write as the head. */
const SMALL_BODY = 16 * 1024;

/** What the relay needs from the request that owns it. */
export interface RelayHost {
  /** The final response head went to the client; body bytes follow. */
  bodyStarted(): void;
  /** The dyno accepted a WebSocket upgrade; `fromDyno` is what it sent after the 101 head. */
  upgraded(res: ResponseHead, fromDyno: Buffer): void;
  /** The dyno answered something that is not a valid HTTP response (or an upgrade nobody asked for). */
  badResponse(): void;
  /** The whole response has been relayed. */
  responseComplete(): void;
  /** The response body broke its own framing: the client has to be cut off. */
  responseBroken(): void;
  /** The client is slow to read: stop reading from the dyno until it drains. */
  pauseUpstream(): void;
}

export class ResponseRelay {
  /** Bytes written to the client for this request (error pages included, see writeHead). */
  bytesOut = 0;
  status = 0;
  /** Response bytes received from the current dyno attempt (0 means it has not answered yet). */
  respBytes = 0;
  /** The dyno connection can carry another request once this response ends. */
  upstreamReusable = false;
  /** The client connection must close after this response. */
  closeClient = false;
  private respAcc: Buffer | null = null;
  private reader: BodyReader | null = null;

  constructor(
    private readonly host: RelayHost,
    private readonly conn: ClientConnection,
    private readonly head: RequestHead,
  ) {}

  /** A new attempt on another dyno: forget anything the previous one sent. */
  reset(): void {
    this.respAcc = null;
    this.respBytes = 0;
  }

  /** The body is delimited by the dyno closing its connection. */
  get endsAtClose(): boolean {
    return this.reader instanceof UntilCloseReader;
  }

  /** The dyno closed a close-delimited body: that is its normal end. */
  finishAtClose(): void {
    (this.reader as UntilCloseReader).finish();
  }

  writeHead(s: string): void {
    this.conn.write(s);
    this.bytesOut += s.length; // latin1: one byte per char
  }

  headData(buf: Buffer): void {
    this.respBytes += buf.length;
    const limits = this.conn.ctx.limits;
    // The common case first (see response-fast.ts): a whole small response in one read.
    if (this.respAcc === null && this.head.minor === 1 && this.head.method !== 'HEAD') {
      const closeClient = this.head.connection.includes('close') || !this.conn.bodyDone;
      const fast = fastSmallResponse(buf, limits, SMALL_BODY, closeClient);
      if (fast) {
        this.status = fast.status;
        this.upstreamReusable = true;
        this.closeClient = closeClient;
        this.host.bodyStarted();
        this.sendWhole(fast.out, fast.length);
        return;
      }
    }
    let acc = this.respAcc ? Buffer.concat([this.respAcc, buf]) : buf;
    for (;;) {
      let res: ResponseHead;
      let end: number;
      try {
        end = findHeadEnd(acc, 0, limits, false);
        if (end === -1) {
          this.respAcc = retain(acc); // the read buffer is reused: a partial head is kept as a copy
          return;
        }
        res = parseResponseHead(acc, 0, end, limits);
      } catch {
        this.host.badResponse(); // a dyno that answers garbage has not answered
        return;
      }
      if (res.status >= 200 || res.status === 101) {
        this.respAcc = null;
        if (res.status === 101) {
          if (this.head.websocket) this.host.upgraded(res, retain(acc.subarray(end)));
          else this.host.badResponse();
        } else {
          this.beginBody(res, acc, end);
        }
        return;
      }
      // 1xx interim responses (100 Continue, 103 Early Hints) are relayed; the real one follows.
      if (this.head.minor === 1) this.writeHead(interimHead(res));
      acc = acc.subarray(end);
      if (acc.length === 0) {
        this.respAcc = null;
        return;
      }
    }
  }

  private beginBody(res: ResponseHead, buf: Buffer, off: number): void {
    this.status = res.status;
    const http10 = this.head.minor === 0;
    let framing: ClientFraming;
    if (this.head.method === 'HEAD' || res.status === 204 || res.status === 304) {
      this.reader = null;
      framing = 'none';
    } else if (res.chunked) {
      // HTTP/1.0 clients cannot read chunked: decode and delimit by closing.
      this.reader = http10 ? new ChunkedReader((b, s, e) => this.decoded(b, s, e)) : new ChunkedReader();
      framing = http10 ? 'close' : 'chunked';
    } else if (res.contentLength >= 0) {
      this.reader = new LengthReader(res.contentLength);
      framing = 'length';
    } else {
      this.reader = new UntilCloseReader();
      framing = 'close';
    }
    this.upstreamReusable = !(this.reader instanceof UntilCloseReader) && !res.connection.includes('close')
      && (res.minor === 1 || res.connection.includes('keep-alive'));
    this.closeClient = framing === 'close' || http10 || this.head.connection.includes('close') || !this.conn.bodyDone;
    this.host.bodyStarted();
    const headStr = clientResponseHead(res, framing, this.closeClient, false);
    // A small complete response the one-pass path declined (HTTP/1.0, Connection: close, Via, odd
    // spacing…): still one write (one syscall) for head and body, put together in SCRATCH (written
    // at once; send() copies or holds whatever it has to queue). The dyno's bytes are never in SCRATCH.
    const rest = buf.length - off;
    if (this.reader instanceof LengthReader && rest > 0 && rest <= SMALL_BODY && res.contentLength === rest) {
      this.reader.feed(buf, off);
      const size = headStr.length + rest;
      const out = scratchFree(size) ? SCRATCH : Buffer.allocUnsafe(size);
      latin1Write(out, headStr, 0);
      buf.copy(out, headStr.length, off);
      this.sendWhole(out, size);
      return;
    }
    this.writeHead(headStr);
    this.body(buf, off);
  }

  /** The whole response, out[0..length), in one write (SCRATCH included: send() copies or holds what it queues). */
  private sendWhole(out: Buffer, length: number): void {
    this.bytesOut += length;
    this.conn.write(out, length);
    this.host.responseComplete();
  }

  private decoded(b: Buffer, s: number, e: number): void {
    this.bytesOut += e - s;
    if (!this.conn.write(b.subarray(s, e))) this.host.pauseUpstream();
  }

  /** Body bytes from the dyno, from `off` on. */
  body(buf: Buffer, off: number): void {
    const reader = this.reader;
    if (!reader) {
      if (off < buf.length) this.upstreamReusable = false; // body bytes where none belong
      this.host.responseComplete();
      return;
    }
    let n: number;
    try {
      n = reader.feed(buf, off);
    } catch (e) {
      if (!(e instanceof FramingError)) throw e;
      this.host.responseBroken();
      return;
    }
    if (n > 0 && !(reader instanceof ChunkedReader && this.head.minor === 0)) {
      this.bytesOut += n;
      if (!this.conn.write(off === 0 && n === buf.length ? buf : buf.subarray(off, off + n))) this.host.pauseUpstream();
    }
    if (reader.done) {
      if (off + n < buf.length) this.upstreamReusable = false;
      this.host.responseComplete();
    }
  }
}
