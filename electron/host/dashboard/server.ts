// The browser dashboard: the built renderer over HTTP and the engine contract over one WebSocket,
// on 127.0.0.1 only, behind exact Host/Origin allowlists and a per-launch token.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Engine } from '../../engine/engine.js';
import { allowlistFor, hostAllowed, newToken, originAllowed } from './request-guard.js';
import type { Allowlist } from './request-guard.js';
import { sendText, serveRenderer } from './static-files.js';
import type { UiStatus } from './ui-pages.js';
import { runSession, CLOSE_POLICY } from './ws-session.js';
import { createPreAuthGate, DEFAULT_PREAUTH_LIMITS, type PreAuthLimits } from './preauth-gate.js';
import { COMMON_HEADERS } from './headers.js';

export interface DashboardOptions {
  engine: Engine;
  /** 0 = any free port */
  port: number;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** Set by `dynodesk serve` when it builds the UI in the background: a placeholder page is served meanwhile. */
  uiStatus?: () => UiStatus;
  /** How long a WebSocket may take to send its token (default 5 s). */
  authTimeoutMs?: number;
  /** What connections that have not sent the token yet may cost us (default: 32 of them, 8 KiB each). */
  preAuth?: PreAuthLimits;
}

export interface DashboardHandle {
  /** http://127.0.0.1:PORT/#token=… — the token rides in the fragment, which browsers never send to a server. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** The one WebSocket endpoint. */
export const WS_PATH = '/ws';
/** Largest accepted WebSocket message (terminal.input and config.set allow 1 MiB values plus JSON overhead). */
const MAX_MESSAGE_BYTES = 2 * 1024 * 1024 + 4096;

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  const body = `${text}\n`;
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

function listen(server: ReturnType<typeof createServer>, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    // Loopback only: the dashboard drives processes on this machine.
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      const addr = server.address();
      if (addr === null || typeof addr === 'string') reject(new Error('dashboard: no TCP address'));
      else resolve(addr.port);
    });
  });
}

export async function startDashboard(opts: DashboardOptions): Promise<DashboardHandle> {
  const token = newToken();
  let allow: Allowlist = allowlistFor(opts.port);
  let boundPort = opts.port;

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (!hostAllowed(req.headers.host, allow)) { sendText(res, 403, 'Forbidden: unexpected Host header'); return; }
    if (!originAllowed(req.headers.origin, allow, false)) { sendText(res, 403, 'Forbidden: unexpected Origin'); return; }
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path === WS_PATH) {
      res.writeHead(426, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket' });
      res.end('WebSocket upgrade required\n');
      return;
    }
    serveRenderer(req, res, opts.rendererDir, boundPort, opts.uiStatus).catch((err: unknown) => {
      if (!res.headersSent) sendText(res, 500, `Internal error: ${err instanceof Error ? err.message : String(err)}`);
      else res.destroy();
    });
  };

  const server = createServer({ maxHeaderSize: 16 * 1024 }, onRequest);
  // Synchronous events: an {auth} message is acted on within the read that carried it (see preauth-gate.ts).
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false, allowSynchronousEvents: true });
  const gate = createPreAuthGate(opts.preAuth ?? DEFAULT_PREAUTH_LIMITS);
  const sessions = new Map<WebSocket, () => void>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (!hostAllowed(req.headers.host, allow)) { refuseUpgrade(socket, 403, 'Forbidden'); return; }
    // Browsers always send Origin on a WebSocket handshake; cross-site pages cannot forge it.
    if (!originAllowed(req.headers.origin, allow, true)) { refuseUpgrade(socket, 403, 'Forbidden'); return; }
    if ((req.url ?? '').split('?', 1)[0] !== WS_PATH) { refuseUpgrade(socket, 404, 'Not Found'); return; }
    // Anyone on this machine can get this far: bound how many may wait to authenticate, and what they may send.
    const ticket = gate.admit(socket);
    if (!ticket) { refuseUpgrade(socket, 503, 'Service Unavailable'); return; }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const stop = runSession({ ws, engine: opts.engine, token, authTimeoutMs: opts.authTimeoutMs, onAuthenticated: () => ticket.authenticated() });
      ticket.watch(socket, () => {
        // Stop reading at once: an unauthenticated peer gets no more of our memory.
        ws.close(CLOSE_POLICY, 'too much data before authentication');
        ws.terminate();
      });
      sessions.set(ws, stop);
      ws.on('close', () => sessions.delete(ws));
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  boundPort = await listen(server, opts.port);
  allow = allowlistFor(boundPort);
  const base = `http://127.0.0.1:${boundPort}`;
  const url = `${base}/#token=${token}`;
  // The engine reports this URL (without the token) and keeps the router off this port.
  opts.engine.setDashboard(`${base}/`, boundPort);

  let closing: Promise<void> | null = null;
  return {
    url,
    port: boundPort,
    token,
    close(): Promise<void> {
      closing ??= (async () => {
        opts.engine.setDashboard(null, null);
        for (const stop of sessions.values()) stop();
        sessions.clear();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
