// One client connection: reads request heads (our own parser), routes each request and hands it to an
// Exchange, streams request bodies to it with backpressure, and enforces the header and keep-alive
// timeouts. Requests on one connection are handled strictly one after another (pipelined ones wait).
// Any stream socket will do: the plain listeners and the TLS listener hand theirs over the same way.
import type { Socket } from 'node:net';
import { ChunkedReader, FramingError, LengthReader, type BodyReader } from './body-framing.js';
import type { ClientSide } from './client-side.js';
import { coarseNow } from './clock.js';
import { clientErrorResponse, noSuchAppResponse, refusalCode } from './error-pages.js';
import { Exchange } from './exchange.js';
import { forwardedFor, pickRequestId } from './header-rewrite.js';
import { appFromHost } from './host-match.js';
import { HeadError, findHeadEnd, parseRequestHead, type RequestHead } from './http-head.js';
import { formatRequestLine } from './log-format.js';
import { refusalOf } from './refusal.js';
import type { Expirable, RouterContext } from './router-context.js';
import type { AppRoute } from './routing-table.js';

/** How a connection reached the router. */
export interface ConnectionEntry {
  /** it came in on an app's own port (routes there whatever the Host) */
  readonly appPort: boolean;
  /** 'https' when the TLS listener terminated it */
  readonly proto: 'http' | 'https';
}

/** Pipelined bytes buffered while a request is in flight, before we stop reading. */
const PIPELINE_LIMIT = 64 * 1024;
/** After we end a connection, how long the client gets to close its side. */
const LINGER_MS = 2_000;

export class ClientConnection implements ClientSide, Expirable {
  readonly remoteIp: string;
  readonly localPort: number;
  exchange: Exchange | null = null;
  closed = false;
  closing = false;
  private pending: Buffer | null = null;
  private body: BodyReader | null = null;
  private maxBody = Infinity;
  private sink: ((b: Buffer) => boolean) | null = null;
  private processing = false;
  private again = false;
  private paused = false;
  /** when the current head's first byte came (0: none is being read) */
  private headStart: number;
  private idleSince = 0;
  private closingSince = 0;

  private readonly onData = (chunk: Buffer): void => {
    if (this.closing) return; // after a refusal nothing more is read
    this.pending = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    if (!this.exchange && this.headStart === 0) this.headStart = coarseNow();
    this.process();
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

  constructor(readonly socket: Socket, readonly ctx: RouterContext, private readonly entry: ConnectionEntry) {
    ctx.timed.add(this);
    this.remoteIp = normalizeIp(socket.remoteAddress ?? '');
    this.localPort = socket.localPort ?? 0;
    this.headStart = coarseNow();
    socket.setNoDelay(true);
    socket.on('data', this.onData);
    socket.on('drain', this.onDrain);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  /** The request body, if any, has been fully read. */
  get bodyDone(): boolean {
    return this.body === null || this.body.done;
  }

  /** Reading the body is paused because the dyno is not taking it fast enough. */
  get bodyPaused(): boolean {
    return this.paused && !this.bodyDone;
  }

  /**
   * Since when the connection has had nothing to do (a closing one: 0, the idlest of all), or -1 while
   * a request is being read or served. The connection cap closes the idlest first.
   */
  idleFor(): number {
    if (this.closing) return 0;
    return this.exchange === null && this.pending === null && this.headStart === 0 ? this.idleSince : -1;
  }

  /** Like socket.write (strings are latin1): false means "wait for 'drain'". */
  write(data: string | Buffer): boolean {
    if (this.socket.destroyed) return true;
    return typeof data === 'string' ? this.socket.write(data, 'latin1') : this.socket.write(data);
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

  /** Hands the socket over to a WebSocket tunnel, with any bytes the client sent after the request. */
  detach(): { socket: Socket; pending: Buffer | null } {
    const s = this.socket;
    s.off('data', this.onData);
    s.off('drain', this.onDrain);
    s.off('close', this.onClose);
    this.ctx.timed.delete(this);
    this.closed = true;
    this.paused = false;
    const pending = this.pending;
    this.pending = null;
    return { socket: s, pending };
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Answers `status` with an error page and closes: the request was refused. Returns the bytes sent. */
  refuse(status: number, why?: string): number {
    const page = clientErrorResponse(status, why);
    this.write(page);
    this.closeGracefully();
    return page.length;
  }

  expire(now: number): void {
    if (this.closing) {
      if (now - this.closingSince > LINGER_MS) this.socket.destroy();
    } else if (this.exchange) {
      this.exchange.expire(now); // in-flight deadlines ride on the connection's sweep
    } else if (this.headStart > 0) {
      if (now - this.headStart > this.ctx.headersTimeoutMs) this.refuse(408);
    } else if (now - this.idleSince > this.ctx.keepAliveTimeoutMs) {
      this.socket.destroy();
    }
  }

  private closeGracefully(): void {
    if (this.closing) return;
    this.closing = true;
    this.closingSince = coarseNow();
    this.pending = null;
    if (this.paused) this.socket.resume(); // keep reading (and discarding) so the client's close is seen
    this.socket.end();
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
        // A client that sends requests without reading the answers waits for 'drain', so the router
        // never buffers a pile of responses for it.
        if (this.socket.writableNeedDrain) {
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
      head = parseRequestHead(buf, start, end, this.ctx.limits);
    } catch (e) {
      if (!(e instanceof HeadError)) throw e;
      this.refuse(e.status); // nothing tells which app it was for: no app log line
      return false;
    }
    this.pending = end < buf.length ? buf.subarray(end) : null;
    this.headStart = 0;
    const app = this.entry.appPort ? this.ctx.table.appOnPort(this.localPort) : this.ctx.table.app(appFromHost(head.host) ?? '');
    if (!app) {
      // Without a dyno to take it, a request body would have to be skipped: simpler and safer to close.
      const hasBody = head.contentLength > 0 || head.chunked;
      this.write(noSuchAppResponse(hasBody));
      if (hasBody) this.closeGracefully();
      return true;
    }
    const refusal = refusalOf(head, app, this.entry.appPort, this.pending, this.ctx.lanAddresses());
    if (refusal) {
      this.refuseAndLog(head, app, refusal.status, refusal.why);
      return false;
    }
    this.maxBody = app.settings.maxBodyBytes;
    this.body = head.chunked ? new ChunkedReader() : head.contentLength > 0 ? new LengthReader(head.contentLength) : null;
    const rc = {
      requestId: pickRequestId(head), startMs: Date.now(), clientIp: this.remoteIp, localPort: this.localPort,
      proto: this.entry.proto, defaultHost: app.defaultHost,
    };
    this.exchange = new Exchange(this, head, app, rc);
    this.exchange.start();
    return true;
  }

  private refuseAndLog(head: RequestHead, app: AppRoute, status: number, why: string): void {
    const bytes = this.refuse(status, why);
    this.ctx.log(app.name, formatRequestLine({
      method: head.method, path: head.target, host: head.host ?? app.defaultHost, requestId: pickRequestId(head),
      fwd: forwardedFor(head, this.remoteIp), dyno: '', connectMs: 0, serviceMs: 0, status, bytes,
      code: refusalCode(status), protocol: this.entry.proto,
    }));
    this.ctx.stats.record(Date.now(), app.name, '', status, 0, head.headBytes, bytes);
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
    const ok = n === 0 || (this.sink as (b: Buffer) => boolean)(n === buf.length ? buf : buf.subarray(0, n));
    ex.clientActive();
    if (!ok) {
      this.pause();
      return false;
    }
    return true;
  }
}

function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
