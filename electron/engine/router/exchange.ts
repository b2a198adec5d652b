// One proxied request: pick a dyno, send the rewritten head (the client connection streams the body),
// hand the dyno's response to the ResponseRelay, then log, count, and return the upstream socket to the
// pool. Failures map to Heroku's H-codes, each named for its cause; a request is tried on another dyno
// only when the first cannot have acted on it.
//
// Timeouts, as Heroku documents them: the initial-response window (requestTimeoutMs, 30 s) starts once
// the whole request, body included, has been sent; from the response's first byte a rolling idle
// window (idleTimeoutMs, 55 s) applies instead. A body upload has the same idle window.
import type { ClientSide } from './client-side.js';
import { coarseNow } from './clock.js';
import { codeResponse, type RouterErrorCode } from './error-pages.js';
import { clientResponseHead, forwardedFor, upstreamHead, type RequestContext } from './header-rewrite.js';
import type { RequestHead, ResponseHead } from './http-head.js';
import { formatRequestLine } from './log-format.js';
import { ResponseRelay, type RelayHost } from './response-relay.js';
import type { AppRoute, DynoRuntime, Waiter } from './routing-table.js';
import { affinitySetCookie, pinnedDyno } from './session-affinity.js';
import { acquire, release, type UpstreamConn, type UpstreamOwner } from './upstream-pool.js';
import { openTunnel } from './websocket-tunnel.js';

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const MAX_ATTEMPTS = 2;

const enum Phase { New, Queued, Connecting, Sending, Waiting, Body, Done }

export class Exchange implements UpstreamOwner, Waiter, RelayHost {
  bytesIn: number;
  /** Session affinity's Set-Cookie for the dyno's response; '' when the feature is off or the client is pinned there already. */
  extraHead = '';
  /** With session affinity on: the dyno the client's cookie names, if any. */
  private pinned: DynoRuntime | null = null;
  private phase = Phase.New;
  private dyno: DynoRuntime | null = null;
  private tried: DynoRuntime | null = null;
  private up: UpstreamConn | null = null;
  private attempts = 0;
  private readonly t0 = performance.now();
  private tConnect = 0;
  private tSent = 0;
  private connectMs = 0;
  private deadline = 0;
  /** coarse time of the last byte either way, for the idle windows */
  private lastActivity = coarseNow();
  private code: RouterErrorCode | null = null;
  private readonly resp: ResponseRelay;

  constructor(
    private readonly conn: ClientSide,
    private readonly head: RequestHead,
    private readonly app: AppRoute,
    private readonly rc: RequestContext,
  ) {
    this.bytesIn = head.headBytes;
    this.resp = new ResponseRelay(this, conn, head);
  }

  private get ctx() {
    return this.conn.ctx;
  }

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
    const choice = this.app.settings.httpSessionAffinity ? this.affineChoice() : this.app.choose(this.tried);
    if (choice === 'wait') {
      if (this.phase !== Phase.Queued) {
        this.phase = Phase.Queued;
        this.deadline = coarseNow() + this.ctx.bootTimeoutMs;
        this.app.waiters.add(this);
      }
      return;
    }
    if (this.phase === Phase.Queued) this.app.waiters.delete(this);
    if (typeof choice === 'string') this.respondCode(choice);
    else this.assign(choice);
  }

  /**
   * Session affinity: the dyno the client is pinned to while it can take requests, else the balancer's
   * pick. Looked up on every routing attempt: a queued request may see the table change. A retry
   * never goes back to the pinned dyno, since it just failed.
   */
  private affineChoice(): DynoRuntime | 'wait' | RouterErrorCode {
    const p = pinnedDyno(this.head, this.app.dynos);
    this.pinned = p;
    if (p !== null && this.tried === null && p.routable() && !p.ejected(coarseNow())) return p;
    return this.app.choose(this.tried);
  }

  private assign(d: DynoRuntime): void {
    // A client not pinned to this dyno yet (no cookie, or one naming a dyno that is gone) is pinned now.
    this.extraHead = this.app.settings.httpSessionAffinity && d !== this.pinned ? affinitySetCookie(d, this.rc.proto === 'https') : '';
    this.dyno = d;
    this.tried = d;
    d.active++;
    this.ctx.stats.openDyno(this.app.name, d.name, 1);
    this.attempts++;
    this.tConnect = performance.now();
    this.up = acquire(d, this.ctx.upstreamHost, this);
    if (this.up.connected) {
      this.send();
    } else {
      this.phase = Phase.Connecting;
      this.deadline = coarseNow() + this.ctx.connectTimeoutMs;
    }
  }

  onUpstreamConnect(): void {
    this.dyno?.connectSucceeded();
    if (this.phase === Phase.Connecting) this.send();
  }

  private send(): void {
    const up = this.up as UpstreamConn;
    this.tSent = performance.now();
    this.connectMs = this.tSent - this.tConnect;
    this.phase = Phase.Sending;
    this.lastActivity = coarseNow();
    up.socket.write(upstreamHead(this.head, this.rc), 'latin1');
    if (this.conn.bodyDone) this.requestSent();
    else this.conn.setBodySink((b) => (this.up ? this.up.socket.write(b) : true));
  }

  /** The client connection moved request body bytes to the dyno (or some arrived to be moved). */
  clientActive(): void {
    this.lastActivity = coarseNow();
    if (this.phase === Phase.Sending && this.conn.bodyDone) this.requestSent();
  }

  /** The whole request is with the dyno: the initial-response window starts now. */
  private requestSent(): void {
    this.phase = Phase.Waiting;
    this.deadline = coarseNow() + this.ctx.requestTimeoutMs;
  }

  onUpstreamDrain(): void {
    this.conn.resumeBody();
  }

  onClientDrain(): void {
    if (this.phase === Phase.Body) this.up?.socket.resume();
  }

  onUpstreamData(buf: Buffer): void {
    this.lastActivity = coarseNow();
    if (this.phase === Phase.Body) this.resp.body(buf, 0);
    else if (this.phase === Phase.Sending || this.phase === Phase.Waiting) this.resp.headData(buf);
  }

  // RelayHost: what the response relay reports back.
  bodyStarted(): void {
    this.phase = Phase.Body;
  }

  badResponse(): void {
    this.respondCode('H17');
  }

  responseComplete(): void {
    const up = this.up;
    this.up = null;
    const bodyDone = this.conn.bodyDone;
    if (up) release(up, this.resp.upstreamReusable && bodyDone);
    this.done(this.resp.closeClient || !bodyDone);
  }

  responseBroken(): void {
    this.cutOff('H17');
  }

  pauseUpstream(): void {
    this.up?.socket.pause();
  }

  onUpstreamClose(err: NodeJS.ErrnoException | null): void {
    const reused = this.up?.reused ?? false;
    this.up = null;
    switch (this.phase) {
      case Phase.Connecting:
        // Nothing was sent: another up dyno may take it.
        this.dyno?.connectFailed();
        if (this.attempts < MAX_ATTEMPTS) this.retry();
        else this.respondCode(err?.code === 'ETIMEDOUT' ? 'H19' : 'H21');
        return;
      case Phase.Sending:
      case Phase.Waiting:
        // Replay only what cannot have had an effect, or is safe to repeat: idempotent, bodiless, no answer yet.
        if (this.resp.respBytes === 0 && this.attempts < MAX_ATTEMPTS + (reused ? 1 : 0) && IDEMPOTENT.has(this.head.method)
          && this.head.contentLength <= 0 && !this.head.chunked) this.retry();
        else this.respondCode('H13');
        return;
      case Phase.Body:
        if (this.resp.endsAtClose) {
          this.resp.finishAtClose();
          this.responseComplete();
        } else {
          this.cutOff('H18');
        }
        return;
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
    this.resp.writeHead(clientResponseHead(res, 'none', false, true, this.extraHead));
    const { socket, pending } = this.conn.detach();
    const tunnel = openTunnel(this.ctx, this.app.name, this.dyno as DynoRuntime, socket, up.detach());
    this.done(false, true);
    tunnel.start(fromDyno, pending, this.ctx.idleTimeoutMs);
  }

  /** A request-body framing error or size overflow found mid-stream: `status` is refused with. */
  abortRequest(status: number): void {
    if (this.phase === Phase.Done) return;
    if (this.phase === Phase.Body) {
      this.cutOff('H26'); // the response is already under way: it cannot be replaced by an error page
      return;
    }
    this.up?.destroy();
    this.up = null;
    this.resp.bytesOut += this.conn.refuse(status);
    this.resp.status = status;
    this.code = status === 413 ? 'H25' : 'H26';
    this.done(true);
  }

  /** The response broke off mid-body: nothing sensible can follow, so the client is cut off too. */
  private cutOff(code: RouterErrorCode): void {
    this.up?.destroy();
    this.up = null;
    this.code = code;
    this.resp.status = 503; // logged as the failure it is, never as the status the dyno had begun
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

  onClientGone(): void {
    if (this.phase === Phase.Done) return;
    this.up?.destroy();
    this.up = null;
    this.code = 'H27';
    this.resp.status = 499;
    this.done(true);
  }

  /** Deadlines, checked by the client connection's sweep. */
  expire(now: number): void {
    switch (this.phase) {
      case Phase.Queued:
        if (now >= this.deadline) this.respondCode('H20');
        return;
      case Phase.Connecting:
        if (now < this.deadline) return;
        this.dyno?.connectFailed();
        this.up?.destroy();
        this.up = null;
        if (this.attempts < MAX_ATTEMPTS) this.retry();
        else this.respondCode('H19');
        return;
      case Phase.Sending:
        // A client that stops sending its body; not one held back because the dyno reads slowly.
        if (this.conn.bodyPaused) this.lastActivity = now;
        else if (now - this.lastActivity > this.ctx.idleTimeoutMs) this.abortIdleUpload();
        return;
      case Phase.Waiting:
        if (this.resp.respBytes > 0 ? now - this.lastActivity > this.ctx.idleTimeoutMs : now >= this.deadline) this.respondCode('H12');
        return;
      case Phase.Body:
        // A dyno held back by a client that reads slowly is not idle.
        if (this.up?.socket.isPaused()) this.lastActivity = now;
        else if (now - this.lastActivity > this.ctx.idleTimeoutMs) this.cutOff('H15');
        return;
    }
  }

  private abortIdleUpload(): void {
    this.up?.destroy();
    this.up = null;
    this.code = 'H28';
    this.resp.status = 408;
    this.resp.bytesOut += this.conn.refuse(408);
    this.done(true);
  }

  private done(close: boolean, tunnel = false): void {
    if (this.phase === Phase.Done) return;
    if (this.phase === Phase.Queued) this.app.waiters.delete(this);
    this.phase = Phase.Done;
    const ctx = this.ctx;
    const dynoName = this.dyno?.name ?? '';
    const now = performance.now();
    const endMs = this.rc.startMs + Math.round(now - this.t0);
    const resp = this.resp;
    ctx.stats.record(endMs, this.app.name, dynoName, resp.status, (now - this.t0) * 1000, this.bytesIn, resp.bytesOut);
    ctx.stats.openApp(this.app.name, -1);
    this.releaseDyno();
    const h = this.head;
    ctx.log(this.app.name, formatRequestLine({
      method: h.method, path: h.target, host: h.host ?? this.app.defaultHost, requestId: this.rc.requestId,
      fwd: forwardedFor(h, this.rc.clientIp), dyno: dynoName, connectMs: this.connectMs,
      serviceMs: this.tSent ? now - this.tSent : 0, status: resp.status, bytes: resp.bytesOut, code: this.code, protocol: this.rc.proto,
    }), endMs);
    if (!tunnel && !this.conn.closed) this.conn.finishExchange(close);
  }
}
