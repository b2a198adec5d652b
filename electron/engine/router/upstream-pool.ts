// Keep-alive connections to dynos. Each socket's listeners are attached once and dispatch to whichever
// exchange owns it at the time, so reusing a pooled connection costs no listener churn.
import { connect, type Socket } from 'node:net';
import { coarseNow } from './clock.js';

export interface UpstreamOwner {
  onUpstreamConnect(): void;
  onUpstreamData(buf: Buffer): void;
  onUpstreamDrain(): void;
  /** The socket ended or failed while owned; `err` is why, if it failed. */
  onUpstreamClose(err: NodeJS.ErrnoException | null): void;
}

/** The part of a dyno the pool needs. */
export interface PoolDyno {
  readonly port: number | null;
  readonly idle: UpstreamConn[];
  /** every open connection, idle or busy (added when made, removed when closed: not per request) */
  readonly open: Set<UpstreamConn>;
  /** false once draining or out of the table: released sockets are closed, not pooled */
  poolable(): boolean;
  /** a socket was just pooled (the router wakes its idle-socket sweeper) */
  onPooled(): void;
}

const MAX_IDLE_PER_DYNO = 256;
/** Closed well before common server keep-alive timeouts (Node: 5 s) to avoid reusing a socket the dyno is closing. */
export const IDLE_SOCKET_MS = 3_000;

export class UpstreamConn {
  owner: UpstreamOwner | null = null;
  connected = false;
  /** served a request before: a close before any answer may just be the dyno's keep-alive timeout */
  reused = false;
  idleSince = 0;
  closed = false;
  private err: NodeJS.ErrnoException | null = null;

  private readonly onData = (b: Buffer): void => {
    if (this.owner) this.owner.onUpstreamData(b);
    else this.socket.destroy(); // bytes from an idle dyno connection: it is out of sync, drop it
  };
  private readonly onDrain = (): void => this.owner?.onUpstreamDrain();
  private readonly onConnect = (): void => {
    this.connected = true;
    this.owner?.onUpstreamConnect();
  };
  private readonly onError = (e: NodeJS.ErrnoException): void => {
    this.err = e;
  };
  private readonly onClose = (): void => {
    this.closed = true;
    this.dyno.open.delete(this);
    const i = this.dyno.idle.indexOf(this);
    if (i !== -1) this.dyno.idle.splice(i, 1);
    const o = this.owner;
    this.owner = null;
    o?.onUpstreamClose(this.err);
  };

  constructor(readonly socket: Socket, readonly dyno: PoolDyno) {
    socket.on('data', this.onData);
    socket.on('drain', this.onDrain);
    socket.once('connect', this.onConnect);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  /** Hands the raw socket over (WebSocket tunnel): our listeners go, an error handler stays. */
  detach(): Socket {
    const s = this.socket;
    s.off('data', this.onData);
    s.off('drain', this.onDrain);
    s.off('close', this.onClose);
    this.dyno.open.delete(this);
    this.owner = null;
    return s;
  }

  destroy(): void {
    this.owner = null;
    this.socket.destroy();
  }
}

/** An idle pooled connection, or a new one (its owner hears onUpstreamConnect). */
export function acquire(dyno: PoolDyno, host: string, owner: UpstreamOwner): UpstreamConn {
  let c = dyno.idle.pop();
  while (c && (c.closed || c.socket.destroyed)) c = dyno.idle.pop();
  if (c) {
    c.owner = owner;
    c.reused = true;
    if (c.socket.isPaused()) c.socket.resume();
    return c;
  }
  const conn = new UpstreamConn(connect({ port: dyno.port as number, host, noDelay: true }), dyno);
  conn.owner = owner;
  dyno.open.add(conn);
  return conn;
}

/** Returns a connection after a complete exchange, or closes it when it cannot be reused. */
export function release(conn: UpstreamConn, reusable: boolean): void {
  conn.owner = null;
  if (!reusable || conn.closed || !conn.dyno.poolable() || conn.dyno.idle.length >= MAX_IDLE_PER_DYNO) {
    conn.socket.destroy();
    return;
  }
  conn.idleSince = coarseNow();
  conn.dyno.idle.push(conn);
  conn.dyno.onPooled();
}

/** Closes idle connections idle since `olderThan` or longer (Infinity: all of them). */
export function closeIdle(dyno: PoolDyno, olderThan: number): void {
  for (let i = dyno.idle.length - 1; i >= 0; i--) {
    const c = dyno.idle[i] as UpstreamConn;
    if (c.idleSince <= olderThan) {
      dyno.idle.splice(i, 1);
      c.socket.destroy();
    }
  }
}
