// A proxied WebSocket (or any accepted Upgrade): after the 101, bytes are piped both ways with
// backpressure, and when either side goes away the other is closed too (ended, then destroyed).
import type { Socket } from 'node:net';
import type { RouterContext } from './router-context.js';
import type { DynoRuntime } from './routing-table.js';
import type { UpstreamConn } from './upstream-pool.js';
import { setReader } from './socket-read.js';
import { send } from './socket-write.js';

/** How long a side gets to flush after its peer went away. */
const CLOSE_GRACE_MS = 500;

export class Tunnel {
  private finished = false;

  private dyno!: Socket;

  constructor(private readonly client: Socket, private readonly onClosed: () => void) {}

  /** The function that receives the dyno's bytes (its socket reads through onread, not 'data'). */
  readonly fromDyno = (d: Buffer): void => {
    if (!send(this.client, d)) this.dyno.pause();
  };

  /** toClient: dyno bytes that arrived with the 101; toDyno: client bytes sent before it. */
  start(dyno: Socket, toClient: Buffer | null, toDyno: Buffer | null): void {
    this.dyno = dyno;
    if (toClient && toClient.length > 0) this.client.write(toClient);
    if (toDyno && toDyno.length > 0) dyno.write(toDyno);
    // Both sides read into the shared buffer: send() copies whatever it has to queue.
    setReader(this.client, (d: Buffer) => {
      if (!send(dyno, d)) this.client.pause();
    });
    this.wire(this.client, dyno);
    this.wire(dyno, this.client);
    // A side may already be gone by the time the tunnel starts.
    if (this.client.destroyed) this.sideClosed(this.dyno);
    if (this.dyno.destroyed) this.sideClosed(this.client);
  }

  /** Cuts the tunnel (drain timeout, router stop). */
  close(): void {
    this.client.destroy();
    this.dyno?.destroy();
  }

  private wire(src: Socket, dst: Socket): void {
    src.on('error', () => { /* 'close' follows */ });
    dst.on('drain', () => src.resume());
    src.on('end', () => dst.end());
    src.on('close', () => this.sideClosed(dst));
  }

  private sideClosed(other: Socket): void {
    if (!other.destroyed) {
      other.end();
      setTimeout(() => other.destroy(), CLOSE_GRACE_MS).unref();
    }
    if (this.client.destroyed && this.dyno.destroyed) this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.onClosed();
  }
}

/**
 * A dyno accepted an upgrade: a tunnel between `client` and the dyno connection `up`, counted as open
 * on the app and the dyno (and known to drains and to stop) until it closes.
 */
export function openTunnel(ctx: RouterContext, appName: string, d: DynoRuntime, client: Socket, up: UpstreamConn): { tunnel: Tunnel; dynoSocket: Socket } {
  const tunnel: Tunnel = new Tunnel(client, () => {
    d.tunnels.delete(tunnel);
    ctx.tunnels.delete(tunnel);
    ctx.stats.openApp(appName, -1);
    ctx.stats.openDyno(appName, d.name, -1);
    d.settle();
  });
  ctx.stats.openApp(appName, 1);
  ctx.stats.openDyno(appName, d.name, 1);
  d.tunnels.add(tunnel);
  ctx.tunnels.add(tunnel);
  return { tunnel, dynoSocket: up.detach(tunnel.fromDyno) };
}
