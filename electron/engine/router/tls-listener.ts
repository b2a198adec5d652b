// The router's HTTPS port: TLS terminates here, in the worker, and each decrypted socket joins the
// same connection handling as the plain ports (routing by Host, as on the shared port).
import type { Socket } from 'node:net';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import type { ConnectionEntry } from './client-connection.js';
import { SniContexts } from './sni-contexts.js';
import type { TlsInit } from './types.js';

/**
 * Loopback only, whatever LAN access says: the certificates name this machine's own names (localhost,
 * *.localhost, 127.0.0.1), so another device could not verify them anyway.
 */
const TLS_HOST = '127.0.0.1';

/** Decrypted connections route by Host like the shared port's, and tell dynos they came over https. */
export const TLS_ENTRY: ConnectionEntry = { appPort: false, proto: 'https' };

export interface TlsStart {
  listener: TlsListener | null;
  /** the port bound, or null when HTTPS is off */
  port: number | null;
  /** why HTTPS is off (an optional port that was taken), for the engine to warn about */
  problem: string | null;
}

export class TlsListener {
  private constructor(private readonly server: Server) {}

  /** Listens on init.port; an optional port that cannot be bound leaves HTTPS off (`problem` says why). */
  static async start(init: TlsInit, handshakeTimeoutMs: number, onSocket: (socket: Socket) => void): Promise<TlsStart> {
    const contexts = new SniContexts(init.caCertPem, init.caKeyPem);
    const base = await contexts.defaultLeaf();
    const server = createServer({
      cert: base.certPem,
      key: base.keyPem,
      SNICallback: (name, cb) => contexts.get(name).then((c) => cb(null, c), (e: Error) => cb(e)),
      // The router speaks HTTP/1.1 only: say so, so that clients offering h2 do not assume it.
      ALPNProtocols: ['http/1.1'],
      minVersion: 'TLSv1.2',
      handshakeTimeout: handshakeTimeoutMs,
      allowHalfOpen: false,
      noDelay: true,
    }, (socket: TLSSocket) => onSocket(socket));
    // A failed handshake only concerns that client (Node destroys its socket).
    server.on('tlsClientError', () => {});
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: init.port, host: TLS_HOST, backlog: 1024 }, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'failed';
      if (!init.optional) throw Object.assign(new Error(`HTTPS port ${init.port} ${code === 'EADDRINUSE' ? 'is already in use' : `cannot be used (${code})`}`), { code: 'tls-port' });
      return { listener: null, port: null, problem: `HTTPS is off: port ${init.port} is ${code === 'EADDRINUSE' ? 'in use by another program' : `unavailable (${code})`}. Start with --tls-port N (0 = any free port) to serve https://<app>.localhost.` };
    }
    // A listening server's later errors (EMFILE on accept) must not crash the worker.
    server.on('error', () => {});
    const addr = server.address();
    return { listener: new TlsListener(server), port: typeof addr === 'object' && addr ? addr.port : init.port, problem: null };
  }

  /** Stops accepting; connections already accepted are the router's to close. */
  close(): void {
    this.server.close();
  }
}
