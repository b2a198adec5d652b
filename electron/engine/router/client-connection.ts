// One client TCP connection: reads request heads (our own parser), hands each request to an Exchange,
// streams request bodies to it with backpressure, and enforces the header and idle timeouts.
// Requests on one connection are handled strictly one after another (pipelined ones wait).
import type { Socket } from 'node:net';
import { coarseNow } from './clock.js';
import { ChunkedReader, FramingError, LengthReader, chunkedPrefixProblem, type BodyReader } from './body-framing.js';
import { clientErrorResponse, noSuchAppResponse } from './error-pages.js';
import { Exchange } from './exchange.js';
import { retain, setReader } from './socket-read.js';
import { mustWait, send } from './socket-write.js';
import { appFromHost } from './host-match.js';
import { BlockMemo, HeadError, findHeadEnd, parseRequestHead, type RequestHead } from './http-head.js';
import type { Expirable, RouterContext } from './router-context.js';
import type { AppRoute } from './routing-table.js';

/** Pipelined bytes buffered while a request is in flight, before we stop reading. */
const PIPELINE_LIMIT = 64 * 1024;
/** After we end a connection, how long the client gets to close its side. */
const LINGER_MS = 2_000;

export class ClientConnection implements Expirable {
  readonly remoteIp: string;
  readonly localPort: number;
  exchange: Exchange | null = null;
  /** Where a fresh X-Request-Id is written: one exchange at a time runs on a connection, and it owns these bytes. */
  readonly requestIdBytes = new Uint8Array(36);
  closed = false;
  closing = false;
  private pending: Buffer | null = null;
  private body: BodyReader | null = null;
  private maxBody = Infinity;
  private sink: ((b: Buffer) => boolean) | null = null;
  private processing = false;
  private again = false;
  private paused = false;
  private headStart: number;
  private idleSince = 0;
  private closingSince = 0;
  /** The last Host seen and the app name it maps to: keep-alive clients repeat the same Host. */
  private lastHost = '';
  private lastName: string | null = null;
  private routedHost = '';
  private routedTarget = '';
  /** The last request's header block, parsed (keep-alive clients often repeat it). */
  private readonly blockMemo = new BlockMemo();

  private readonly onData = (chunk: Buffer): void => {
    if (this.closing) return; // after a rejection nothing more is read
    this.pending = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    if (!this.exchange && this.headStart === 0) this.headStart = coarseNow();
    this.process();
    // The chunk may live in the shared read buffer (socket-read.ts): what is left over is kept as a copy.
    if (this.pending) this.pending = retain(this.pending);
  };
  private readonly onDrain = (): void => {
    if (this.exchange) this.exchange.onClientDrain();
    else this.resumeBody(); // a pipelined request was waiting for the last response to reach the kernel
  };
  private readonly onClose = (): void => {
    this.closed = true;
    this.ctx.timed.delete(this);
    this.exchange?.onClientGone();
  };
  private readonly onError = (): void => { /* 'close' follows; nothing a client sends may throw */ };

  /** appPort: the connection came in on an app's own port (routes there regardless of Host). */
  constructor(readonly socket: Socket, readonly ctx: RouterContext, private readonly appPort: boolean) {
    ctx.timed.add(this); // first: joining an empty set restarts the sweeper, which refreshes the coarse clock
    this.remoteIp = normalizeIp(socket.remoteAddress ?? '');
    this.localPort = socket.localPort ?? 0;
    this.headStart = coarseNow();
    socket.setNoDelay(true);
    setReader(socket, this.onData);
    socket.on('drain', this.onDrain);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  /** The request body, if any, has been fully read. */
  get bodyDone(): boolean {
    return this.body === null || this.body.done;
  }

  /** `len`: send only data[0..len) (see socket-write.ts). */
  write(data: string | Buffer, len: number = data.length): boolean {
    if (this.socket.destroyed) return true;
    return send(this.socket, data, len);
  }

  /** The exchange's upstream is ready (or gone, with null): request body bytes flow to `sink`. */
  setBodySink(sink: ((b: Buffer) => boolean) | null): void {
    this.sink = sink;
    if (sink) this.resumeBody();
  }

  /** The dyno drained its write buffer: read more request body. */
  resumeBody(): void {
    if (this.paused) {
      this.paused = false;
      this.socket.resume();
    }
    this.process();
  }

  /** The current exchange is over; keep the connection for the next request or close it. */
  finishExchange(close: boolean): void {
    this.exchange = null;
    this.body = null;
    this.sink = null;
    if (close) {
      this.closeGracefully();
      return;
    }
    this.idleSince = coarseNow();
    this.headStart = this.pending ? this.idleSince : 0;
    this.resumeBody();
  }

  /** Hands the socket over to a WebSocket tunnel, with any bytes the client already sent. */
  detach(): { socket: Socket; pending: Buffer | null } {
    const s = this.socket;
    setReader(s, () => {});
    s.off('drain', this.onDrain);
    s.off('close', this.onClose);
    this.ctx.timed.delete(this);
    this.closed = true;
    if (this.paused) s.resume();
    const pending = this.pending && retain(this.pending);
    this.pending = null;
    return { socket: s, pending };
  }

  destroy(): void {
    this.socket.destroy();
  }

  expire(now: number): void {
    if (this.closing) {
      if (now - this.closingSince > LINGER_MS) this.socket.destroy();
    } else if (this.exchange) {
      this.exchange.expire(now); // in-flight deadlines ride on the connection's sweep
    } else if (this.headStart > 0) {
      if (now - this.headStart > this.ctx.headersTimeoutMs) this.reject(408);
    } else if (now - this.idleSince > this.ctx.idleTimeoutMs) {
      this.socket.destroy();
    }
  }

  private closeGracefully(): void {
    this.closing = true;
    this.closingSince = coarseNow();
    this.pending = null;
    if (this.paused) this.socket.resume(); // keep reading (and discarding) so the client's close is seen
    this.socket.end();
  }

  /** Rejects the request being read: an error page, then close. Nothing was sent upstream. */
  private reject(status: number): void {
    this.write(clientErrorResponse(status));
    this.closeGracefully();
  }

  private pause(): void {
    if (!this.paused) {
      this.paused = true;
      this.socket.pause();
    }
  }

  private process(): void {
    if (this.processing) {
      this.again = true;
      return;
    }
    this.processing = true;
    try {
      do {
        this.again = false;
        this.step();
      } while (this.again && !this.closing && !this.closed);
    } finally {
      this.processing = false;
    }
  }

  private step(): void {
    while (this.pending && !this.closing && !this.closed) {
      if (!this.exchange) {
        // The client is not reading its responses (its queue is past the high-water mark): the next
        // pipelined request waits for 'drain'. Otherwise a client that sends requests without
        // reading the answers would make the router buffer all of them.
        if (mustWait(this.socket)) {
          if (this.pending.length > PIPELINE_LIMIT) this.pause();
          return;
        }
        if (!this.startRequest()) return;
      } else if (!this.bodyDone) {
        if (!this.sink || !this.feedBody()) return;
      } else {
        if (this.pending.length > PIPELINE_LIMIT) this.pause();
        return;
      }
    }
  }

  private startRequest(): boolean {
    const buf = this.pending as Buffer;
    let start = 0;
    // RFC 9112 §2.2: ignore empty lines before a request line (some clients send CRLF after a body).
    while (start + 1 < buf.length && buf[start] === 13 && buf[start + 1] === 10 && start < 1024) start += 2;
    let head: RequestHead;
    let end: number;
    try {
      end = findHeadEnd(buf, start, this.ctx.limits, true);
      if (end === -1) return false;
      head = parseRequestHead(buf, start, end, this.ctx.limits, this.blockMemo);
    } catch (e) {
      if (!(e instanceof HeadError)) throw e;
      this.reject(e.status);
      return false;
    }
    this.pending = end < buf.length ? buf.subarray(end) : null;
    this.headStart = 0;
    const app = this.route(head);
    const host = this.routedHost;
    const target = this.routedTarget;
    if (!app) {
      this.body = null;
      // Without a dyno to take it, a request body would have to be skipped: simpler and safer to close.
      const hasBody = head.contentLength > 0 || head.chunked;
      this.write(noSuchAppResponse(hasBody));
      if (hasBody) this.closeGracefully();
      return true;
    }
    this.maxBody = app.settings.maxBodyBytes;
    if (head.contentLength > this.maxBody) {
      this.reject(413);
      return false;
    }
    // Chunked bytes that came with the head are checked before any dyno sees the request: a
    // smuggling attempt is usually one packet, so it is rejected with nothing sent upstream.
    const bad = head.chunked && this.pending ? chunkedPrefixProblem(this.pending, this.maxBody) : 0;
    if (bad) {
      this.reject(bad);
      return false;
    }
    this.body = head.chunked ? new ChunkedReader() : head.contentLength > 0 ? new LengthReader(head.contentLength) : null;
    this.exchange = new Exchange(this, head, app, target, host, end - start);
    this.exchange.start();
    return true;
  }

  /** Moves buffered body bytes to the sink; false when it must wait (backpressure or more bytes). */
  private feedBody(): boolean {
    const buf = this.pending as Buffer;
    const body = this.body as BodyReader;
    const ex = this.exchange as Exchange;
    let n: number;
    try {
      n = body.feed(buf, 0);
    } catch (e) {
      if (!(e instanceof FramingError)) throw e;
      ex.abortRequest(400);
      return false;
    }
    if (body.payloadBytes > this.maxBody) {
      ex.abortRequest(413);
      return false;
    }
    this.pending = n < buf.length ? buf.subarray(n) : null;
    ex.bytesIn += n;
    // The sink writes with send() (socket-write.ts), which copies what it has to queue.
    const ok = n === 0 || (this.sink as (b: Buffer) => boolean)(n === buf.length ? buf : buf.subarray(0, n));
    if (!ok) {
      this.pause();
      return false;
    }
    return true;
  }

  /** The app for a request; the Host and target it was routed by are left in routedHost and routedTarget. */
  private route(head: RequestHead): AppRoute | undefined {
    let host = head.host ?? '';
    let target = head.target;
    // absolute-form: the authority in the target wins over Host (RFC 9112 §3.2.2); dynos get origin-form.
    if (target.charCodeAt(0) !== 47 && target !== '*') {
      const m = /^https?:\/\/([^/?#]*)(.*)$/i.exec(target);
      if (m) {
        host = m[1] as string;
        target = m[2] ? (m[2].startsWith('/') ? m[2] : `/${m[2]}`) : '/';
      }
    }
    this.routedHost = host;
    this.routedTarget = target;
    if (this.appPort) return this.ctx.table.appOnPort(this.localPort);
    if (host !== this.lastHost) {
      this.lastHost = host;
      this.lastName = appFromHost(host);
    }
    const name = this.lastName;
    return name ? this.ctx.table.app(name) : undefined;
  }
}

function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
