// One proxied request: pick a dyno, send the rewritten head (and let the client connection stream the
// body), hand the dyno's response to the ResponseRelay (response-relay.ts), then log, count, and return
// the upstream socket to the pool. Failures map to Heroku's H-codes; retries follow the "never replay what a dyno may have
// acted on" rule.
import type { ClientConnection } from './client-connection.js';
import { coarseNow, epochMs } from './clock.js';
import { clientErrorResponse, codeResponse, type RouterErrorCode } from './error-pages.js';
import { clientResponseHead, forwardedFor, pickRequestId, writeUpstreamHead, type RequestContext } from './header-rewrite.js';
import type { Latin1Text } from './latin1-bytes.js';
import type { RequestLogFields } from './log-format.js';
import type { RequestHead, ResponseHead } from './http-head.js';
import { ResponseRelay, type RelayHost } from './response-relay.js';
import type { Expirable } from './router-context.js';
import type { AppRoute, DynoRuntime, Waiter } from './routing-table.js';
import { acquire, release, type UpstreamConn, type UpstreamOwner } from './upstream-pool.js';
import { send } from './socket-write.js';
import { openTunnel } from './websocket-tunnel.js';

// Filled in for each call that takes them and not kept by it (one object each, no garbage per request).
const HEAD_CONTEXT: RequestContext = { requestId: '', startMs: 0, clientIp: '', localPort: 0, defaultHost: '' };
const LOG_FIELDS: RequestLogFields = {
  method: '', path: '', host: '', requestId: '', fwd: '', dyno: '', connectMs: 0, serviceMs: 0, status: 0, bytes: 0, code: null,
};

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);
const MAX_ATTEMPTS = 2;

const enum Phase { New, Queued, Connecting, AwaitHead, Body, Done }

export class Exchange implements UpstreamOwner, Waiter, Expirable, RelayHost {
  bytesIn: number;
  private phase = Phase.New;
  private dyno: DynoRuntime | null = null;
  private tried: DynoRuntime | null = null;
  private up: UpstreamConn | null = null;
  private attempts = 0;
  private readonly requestId: Latin1Text;
  private readonly t0 = performance.now();
  /** epoch ms at arrival (X-Request-Start), from the same clock reading */
  private readonly startMs = epochMs(this.t0);
  private tConnect = 0;
  private tSent = 0;
  private connectMs = 0;
  private deadline = 0;
  private dataEvents = 0;
  private dataSeen = 0;
  private idleSince = 0;
  private code: RouterErrorCode | null = null;
  private readonly resp: ResponseRelay;

  constructor(
    private readonly conn: ClientConnection,
    private readonly head: RequestHead,
    private readonly app: AppRoute,
    private readonly target: string,
    private readonly host: string,
    headBytes: number,
  ) {
    this.bytesIn = headBytes;
    this.requestId = pickRequestId(head, conn.requestIdBytes);
    this.resp = new ResponseRelay(this, conn, head);
  }

  private get ctx() {
    return this.conn.ctx;
  }

  /** Deadlines are checked through the client connection's sweep (see ClientConnection.expire). */
  start(): void {
    this.ctx.stats.openApp(this.app.name, 1);
    if (this.app.settings.maintenance) this.respondCode('H80');
    else this.route();
  }

  /** The table changed while queued: try again. */
  retryRoute(): void {
    if (this.phase === Phase.Queued) this.route();
  }

  private route(): void {
    const choice = this.app.choose(this.tried);
    if (choice === 'wait') {
      if (this.phase !== Phase.Queued) {
        this.phase = Phase.Queued;
        this.deadline = this.startMs + this.ctx.bootTimeoutMs;
        this.app.waiters.add(this);
      }
      return;
    }
    if (this.phase === Phase.Queued) this.app.waiters.delete(this);
    if (typeof choice === 'string') this.respondCode(choice);
    else this.assign(choice);
  }

  private assign(d: DynoRuntime): void {
    this.dyno = d;
    this.tried = d;
    d.active++;
    this.ctx.stats.openDyno(this.app.name, d.name, 1);
    this.attempts++;
    this.phase = Phase.Connecting;
    this.deadline = coarseNow() + this.ctx.requestTimeoutMs;
    this.up = acquire(d, this.ctx.upstreamHost, this);
    if (this.up.connected) {
      // A pooled connection: no connect time, and sent as good as at arrival (saves clock reads).
      this.tConnect = this.tSent = this.t0;
      this.send();
    } else {
      this.tConnect = performance.now();
    }
  }

  onUpstreamConnect(): void {
    this.dyno?.connectSucceeded();
    if (this.phase === Phase.Connecting) {
      this.tSent = performance.now();
      this.send();
    }
  }

  private send(): void {
    const up = this.up as UpstreamConn;
    this.connectMs = this.tSent - this.tConnect;
    this.phase = Phase.AwaitHead;
    // Written into SCRATCH and sent at once (a retry writes it again, the same).
    const c = HEAD_CONTEXT;
    c.requestId = this.requestId;
    c.startMs = this.startMs;
    c.clientIp = this.conn.remoteIp;
    c.localPort = this.conn.localPort;
    c.defaultHost = this.app.defaultHost;
    const h = writeUpstreamHead(this.head, this.target, c);
    send(up.socket, h.out, h.length);
    if (!this.conn.bodyDone) this.conn.setBodySink((b) => (this.up ? send(this.up.socket, b) : true));
  }

  onUpstreamDrain(): void {
    this.conn.resumeBody();
  }

  onClientDrain(): void {
    if (this.phase === Phase.Body) this.up?.socket.resume();
  }

  onUpstreamData(buf: Buffer): void {
    this.dataEvents++;
    if (this.phase === Phase.AwaitHead) this.resp.headData(buf);
    else if (this.phase === Phase.Body) this.resp.body(buf, 0);
  }

  // RelayHost: what the response relay reports back.
  bodyStarted(): void {
    this.phase = Phase.Body;
  }

  badResponse(): void {
    this.respondCode('H13');
  }

  responseComplete(): void {
    this.complete();
  }

  responseBroken(): void {
    this.cutOff();
  }

  pauseUpstream(): void {
    this.up?.socket.pause();
  }

  onUpstreamClose(err: Error | null): void {
    this.up = null;
    switch (this.phase) {
      case Phase.Connecting:
        this.dyno?.connectFailed();
        if (this.attempts < MAX_ATTEMPTS) this.retry();
        else this.respondCode('H13');
        return;
      case Phase.AwaitHead:
        // Replay only what cannot have had an effect, or is safe to repeat: idempotent, bodiless, no answer yet.
        if (this.resp.respBytes === 0 && this.attempts < MAX_ATTEMPTS && IDEMPOTENT.has(this.head.method)
          && this.head.contentLength <= 0 && !this.head.chunked) this.retry();
        else this.respondCode('H13');
        return;
      case Phase.Body:
        if (this.resp.endsAtClose) {
          this.resp.finishAtClose();
          this.complete();
        } else {
          this.cutOff();
        }
        return;
      default:
        void err;
    }
  }

  private retry(): void {
    this.releaseDyno();
    this.resp.reset();
    this.route();
  }

  private releaseDyno(): void {
    const d = this.dyno;
    if (!d) return;
    this.dyno = null;
    d.active--;
    this.ctx.stats.openDyno(this.app.name, d.name, -1);
    d.settle();
  }

  /** The dyno accepted a WebSocket upgrade: hand both sockets to a tunnel. */
  upgraded(res: ResponseHead, fromDyno: Buffer): void {
    this.resp.status = 101;
    const up = this.up as UpstreamConn;
    this.up = null;
    this.resp.writeHead(clientResponseHead(res, 'none', false, true));
    const { socket, pending } = this.conn.detach();
    const { tunnel, dynoSocket } = openTunnel(this.ctx, this.app.name, this.dyno as DynoRuntime, socket, up);
    this.done(false, true);
    tunnel.start(dynoSocket, fromDyno, pending);
  }

  /** A request-body framing error or size overflow discovered mid-stream. */
  abortRequest(status: number): void {
    if (this.phase === Phase.Done) return;
    if (this.phase === Phase.Body) {
      this.cutOff(); // the response is already under way: it cannot be replaced by an error page
      return;
    }
    this.up?.destroy();
    this.up = null;
    this.resp.status = status;
    this.resp.writeHead(clientErrorResponse(status));
    this.done(true);
  }

  /** The response broke off mid-body: nothing sensible can be sent, so the client is cut off too. */
  private cutOff(): void {
    this.up?.destroy();
    this.up = null;
    this.conn.destroy();
    this.done(true);
  }

  private respondCode(code: RouterErrorCode): void {
    if (this.phase === Phase.Done) return;
    this.up?.destroy();
    this.up = null;
    this.code = code;
    this.resp.status = 503;
    const close = !this.conn.bodyDone || this.conn.closing;
    this.resp.writeHead(codeResponse(code, close));
    this.done(close);
  }

  private complete(): void {
    const up = this.up;
    this.up = null;
    const bodyDone = this.conn.bodyDone;
    if (up) release(up, this.resp.upstreamReusable && bodyDone);
    this.done(this.resp.closeClient || !bodyDone);
  }

  onClientGone(): void {
    if (this.phase === Phase.Done) return;
    this.up?.destroy();
    this.up = null;
    this.code = 'H27';
    this.resp.status = 499;
    this.done(true);
  }

  expire(now: number): void {
    if (this.phase === Phase.Body) {
      // A rolling idle window while the body flows: a dyno that stalls mid-response is cut off,
      // unless it is the client that is slow to read (then the dyno is paused, not idle).
      if (this.dataEvents !== this.dataSeen || !this.up || this.up.socket.isPaused()) {
        this.dataSeen = this.dataEvents;
        this.idleSince = now;
      } else if (now - this.idleSince > this.ctx.requestTimeoutMs) {
        this.cutOff();
      }
      return;
    }
    if (now < this.deadline) return;
    if (this.phase === Phase.Queued) this.respondCode('H20');
    else if (this.phase === Phase.Connecting || this.phase === Phase.AwaitHead) this.respondCode('H12');
  }

  private done(close: boolean, tunnel = false): void {
    if (this.phase === Phase.Done) return;
    const sentAt = this.tSent;
    if (this.phase === Phase.Queued) this.app.waiters.delete(this);
    this.phase = Phase.Done;
    const ctx = this.ctx;
    const dynoName = this.dyno?.name ?? '';
    const now = performance.now();
    const endMs = this.startMs + Math.round(now - this.t0);
    const resp = this.resp;
    ctx.stats.record(endMs, this.app.name, dynoName, resp.status, (now - this.t0) * 1000, this.bytesIn, resp.bytesOut);
    ctx.stats.openApp(this.app.name, -1);
    this.releaseDyno();
    const h = this.head;
    const f = LOG_FIELDS;
    f.method = h.method;
    f.path = this.target;
    f.host = this.host;
    f.requestId = this.requestId;
    f.fwd = forwardedFor(h, this.conn.remoteIp);
    f.dyno = dynoName;
    f.connectMs = this.connectMs;
    f.serviceMs = sentAt ? now - sentAt : 0;
    f.status = resp.status;
    f.bytes = resp.bytesOut;
    f.code = this.code;
    ctx.logRequest(this.app.name, f, endMs);
    if (!tunnel && !this.conn.closed) this.conn.finishExchange(close);
  }
}
