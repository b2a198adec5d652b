// A proxied WebSocket (or any accepted Upgrade): after the 101, bytes are piped both ways with
// backpressure; when either side goes away the other is closed too (ended, then destroyed), and a
// tunnel with no bytes either way for the idle window is closed, as Heroku does after 55 s.
import type { Socket } from 'node:net';
import type { RouterContext } from './router-context.js';
import type { DynoRuntime } from './routing-table.js';

/** How long a side gets to flush after its peer went away. */
const CLOSE_GRACE_MS = 500;

export class Tunnel {
  private finished = false;

  constructor(private readonly client: Socket, private readonly dyno: Socket, private readonly onClosed: () => void) {}

  /** toClient: dyno bytes that arrived with the 101; toDyno: client bytes sent after the request. */
  start(toClient: Buffer | null, toDyno: Buffer | null, idleMs: number): void {
    const { client, dyno } = this;
    if (toClient && toClient.length > 0) client.write(toClient);
    if (toDyno && toDyno.length > 0) dyno.write(toDyno);
    this.pipe(client, dyno);
    this.pipe(dyno, client);
    // The client socket sees every byte of both directions (read one way, written the other), so its
    // own inactivity timer is the tunnel's idle window.
    client.setTimeout(idleMs, () => this.close());
    client.resume();
    dyno.resume();
    // A side may already be gone by the time the tunnel starts.
    if (client.destroyed) this.sideClosed(dyno);
    if (dyno.destroyed) this.sideClosed(client);
  }

  /** Cuts the tunnel (idle window, drain timeout, router stop). */
  close(): void {
    this.client.destroy();
    this.dyno.destroy();
  }

  private pipe(src: Socket, dst: Socket): void {
    src.on('data', (d: Buffer) => {
      if (!dst.write(d)) src.pause();
    });
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
    if (this.client.destroyed && this.dyno.destroyed && !this.finished) {
      this.finished = true;
      this.onClosed();
    }
  }
}

/**
 * A dyno accepted an upgrade: a tunnel between `client` and `dyno`, counted as open on the app and the
 * dyno (and known to drains and to stop) until it closes.
 */
export function openTunnel(ctx: RouterContext, appName: string, d: DynoRuntime, client: Socket, dyno: Socket): Tunnel {
  const tunnel: Tunnel = new Tunnel(client, dyno, () => {
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
  return tunnel;
}
