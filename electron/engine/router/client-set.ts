// The router's open client connections, with a cap: two clients holding 10,000 keep-alive connections
// each once exhausted the engine's file descriptors. At the cap, the idlest keep-alive connections are
// closed to make room, so new requests keep being answered; only when every connection is busy is a
// new one turned away.
import type { ClientConnection } from './client-connection.js';

export class ClientSet {
  private readonly conns = new Set<ClientConnection>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.conns.size;
  }

  add(conn: ClientConnection): void {
    this.conns.add(conn);
  }

  delete(conn: ClientConnection): void {
    this.conns.delete(conn);
  }

  values(): IterableIterator<ClientConnection> {
    return this.conns.values();
  }

  /** Makes room for one more connection; false when none could be made. */
  admit(): boolean {
    if (this.conns.size < this.max) return true;
    const idle: Array<[number, ClientConnection]> = [];
    for (const c of this.conns) {
      const since = c.idleFor();
      if (since >= 0) idle.push([since, c]);
    }
    idle.sort((a, b) => a[0] - b[0]);
    // A batch (1 % of the cap) at a time, so a flood of new connections does not sort on every accept.
    for (const [, c] of idle.slice(0, Math.max(1, Math.ceil(this.max / 100)))) {
      this.conns.delete(c);
      c.destroy();
    }
    return idle.length > 0;
  }
}
