// The router's plain-HTTP listening sockets: the shared host-routed port and one per app port. Each
// accepted socket goes to one connection handler (RouterCore.handleConnection), which a TLS listener
// can call too with the sockets it decrypts.
import { createServer, type Server, type Socket } from 'node:net';
import type { ConnectionEntry } from './client-connection.js';

export type OnConnection = (socket: Socket, entry: ConnectionEntry) => void;

const SHARED: ConnectionEntry = { appPort: false, proto: 'http' };
const APP_PORT: ConnectionEntry = { appPort: true, proto: 'http' };

function listen(port: number, host: string, appPort: boolean, onConnection: OnConnection): Promise<Server> {
  return new Promise((resolve, reject) => {
    const entry = appPort ? APP_PORT : SHARED;
    const server = createServer({ allowHalfOpen: false, noDelay: true }, (s) => onConnection(s, entry));
    const fail = (e: Error): void => reject(e);
    server.once('error', fail);
    server.listen({ port, host, backlog: 1024 }, () => {
      server.off('error', fail);
      // A listening server's later errors (e.g. EMFILE on accept) must not crash the worker.
      server.on('error', () => {});
      resolve(server);
    });
  });
}

export class Listeners {
  private shared: Server | null = null;
  private readonly apps = new Map<number, Server>();

  constructor(private readonly host: string, private readonly onConnection: OnConnection) {}

  async listenShared(port: number): Promise<number> {
    this.shared = await listen(port, this.host, false, this.onConnection);
    const addr = this.shared.address();
    return typeof addr === 'object' && addr ? addr.port : port;
  }

  /** Opens and closes app ports to match `want`; returns the ports that could not be opened, with why. */
  async sync(want: Set<number>): Promise<Map<number, string>> {
    for (const [port, server] of this.apps) {
      if (!want.has(port)) {
        this.apps.delete(port);
        server.close();
      }
    }
    const failed = new Map<number, string>();
    await Promise.all([...want].filter((p) => !this.apps.has(p)).map(async (port) => {
      try {
        this.apps.set(port, await listen(port, this.host, true, this.onConnection));
      } catch (e) {
        failed.set(port, (e as NodeJS.ErrnoException).code ?? String(e));
      }
    }));
    return failed;
  }

  close(): void {
    this.shared?.close();
    this.shared = null;
    for (const s of this.apps.values()) s.close();
    this.apps.clear();
  }
}
