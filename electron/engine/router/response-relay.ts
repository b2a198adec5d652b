// The response half of one proxied request: parse the dyno's response head (relaying 1xx interim
// responses), pick the client framing, then stream the body to the client with backpressure. The
// Exchange that owns it keeps the request's lifecycle (routing, retries, H-codes, logging); this file
// only reports back what happened to the response.
import { ChunkedReader, FramingError, LengthReader, UntilCloseReader, type BodyReader } from './body-framing.js';
import type { ClientSide } from './client-side.js';
import { clientResponseHead, interimHead, type ClientFraming } from './header-rewrite.js';
import { HeadError, findHeadEnd, parseResponseHead, type RequestHead, type ResponseHead } from './http-head.js';

/** Head and first body bytes up to this size go out as one buffer (one write, one packet). */
const ONE_WRITE_BYTES = 16 * 1024;

/** What the relay needs from the request that owns it. */
export interface RelayHost {
  /** The final response head went to the client; body bytes follow. */
  bodyStarted(): void;
  /** The dyno accepted a WebSocket upgrade; `fromDyno` is what it sent after the 101 head. */
  upgraded(res: ResponseHead, fromDyno: Buffer): void;
  /** The dyno answered something that is not a valid HTTP response, or an upgrade nobody asked for. */
  badResponse(): void;
  /** The whole response has been relayed. */
  responseComplete(): void;
  /** The response body broke its own framing: the client has to be cut off. */
  responseBroken(): void;
  /** The client is slow to read: stop reading from the dyno until it drains. */
  pauseUpstream(): void;
  /** Header lines of the router's own for the final response head ('' for none): session affinity's cookie. */
  readonly extraHead: string;
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
  /** A head received in pieces, kept until it is complete. */
  private partial: Buffer | null = null;
  private reader: BodyReader | null = null;
  /** HTTP/1.0 clients cannot read chunked: the payload is sent decoded, delimited by closing. */
  private dechunk = false;

  constructor(private readonly host: RelayHost, private readonly conn: ClientSide, private readonly head: RequestHead) {}

  /** A new attempt on another dyno: forget anything the previous one sent. */
  reset(): void {
    this.partial = null;
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

  headData(chunk: Buffer): void {
    this.respBytes += chunk.length;
    let buf = this.partial ? Buffer.concat([this.partial, chunk]) : chunk;
    const limits = this.conn.ctx.limits;
    for (;;) {
      let res: ResponseHead;
      let end: number;
      try {
        end = findHeadEnd(buf, 0, limits, false);
        if (end === -1) {
          this.partial = buf;
          return;
        }
        res = parseResponseHead(buf, 0, end, limits);
      } catch (e) {
        if (!(e instanceof HeadError)) throw e;
        this.host.badResponse(); // malformed or oversized: H17
        return;
      }
      this.partial = null;
      if (res.status === 101) {
        if (this.head.websocket) this.host.upgraded(res, buf.subarray(end));
        else this.host.badResponse();
        return;
      }
      if (res.status >= 200) {
        this.beginBody(res, buf, end);
        return;
      }
      // 1xx interim responses (100 Continue, 103 Early Hints) are relayed; the final one follows.
      if (this.head.minor === 1) this.writeHead(interimHead(res));
      buf = buf.subarray(end);
      if (buf.length === 0) return;
    }
  }

  private beginBody(res: ResponseHead, buf: Buffer, off: number): void {
    this.status = res.status;
    const http10 = this.head.minor === 0;
    let framing: ClientFraming;
    if (this.head.method === 'HEAD' || res.status === 204 || res.status === 304) {
      framing = 'none';
    } else if (res.chunked) {
      this.dechunk = http10;
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
    const head = clientResponseHead(res, framing, this.closeClient, false, this.host.extraHead);
    const rest = buf.length - off;
    if (!this.dechunk && this.reader !== null && rest > 0 && rest <= ONE_WRITE_BYTES) {
      // The common small response: head and the body bytes that came with it in one write.
      let n: number;
      try {
        n = this.reader.feed(buf, off);
      } catch (e) {
        if (!(e instanceof FramingError)) throw e;
        this.host.responseBroken();
        return;
      }
      const out = Buffer.allocUnsafe(head.length + n);
      out.write(head, 0, 'latin1');
      buf.copy(out, head.length, off, off + n);
      this.bytesOut += out.length;
      const flowing = this.conn.write(out);
      this.afterBody(buf, off + n, flowing);
      return;
    }
    this.writeHead(head);
    this.body(buf, off);
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
    let flowing = true;
    if (n > 0 && !this.dechunk) {
      this.bytesOut += n;
      flowing = this.conn.write(off === 0 && n === buf.length ? buf : buf.subarray(off, off + n));
    }
    this.afterBody(buf, off + n, flowing);
  }

  private afterBody(buf: Buffer, used: number, flowing: boolean): void {
    const reader = this.reader as BodyReader;
    if (reader.done) {
      if (used < buf.length) this.upstreamReusable = false; // bytes past the end: the dyno is out of step
      this.host.responseComplete();
    } else if (!flowing) {
      this.host.pauseUpstream();
    }
  }
}
