import { chmodSync, unlinkSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import type { Engine } from '../engine/engine.js';
import type { RequestMessage } from '../../shared/protocol.js';
import { controlSocketPath, prepareControlSocketDir } from './control-path.js';
import { MAX_REQUEST_LINE_BYTES, onJsonLines, writeJsonLine } from './json-lines.js';

export interface ControlServer {
  readonly path: string;
  close(): Promise<void>;
}

/** Past this much unsent output, a CLI client that stopped reading is dropped instead of growing memory. */
const MAX_BUFFERED = 32 * 1024 * 1024;

/** The CLI's door: JSON lines over a private Unix socket (0600) or named pipe, one engine client per connection. */
export async function startControlServer(engine: Engine): Promise<ControlServer> {
  const path = controlSocketPath(engine.dataDir);
  prepareControlSocketDir(path, engine.dataDir);
  // We hold the data-dir lock, so a socket file here belongs to a dead engine.
  if (process.platform !== 'win32') { try { unlinkSync(path); } catch { /* none */ } }
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    // CLI commands are short-lived: they only get the broadcast events they asked for ({subscribe: [...]}).
    const wanted = new Set<string>(['terminal.data', 'terminal.exit']);
    const client = engine.connect((ev) => {
      if (!wanted.has(ev.event)) return;
      if (socket.writableLength > MAX_BUFFERED) { socket.destroy(); return; }
      writeJsonLine(socket, ev);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => { client.close(); sockets.delete(socket); });
    onJsonLines(socket, MAX_REQUEST_LINE_BYTES, (msg) => {
      if (typeof msg === 'object' && msg !== null && 'subscribe' in msg && Array.isArray(msg.subscribe)) {
        for (const name of msg.subscribe) if (typeof name === 'string') wanted.add(name);
        return;
      }
      const req = msg as Partial<RequestMessage>;
      if (typeof req !== 'object' || req === null || typeof req.id !== 'number' || typeof req.cmd !== 'string') {
        writeJsonLine(socket, { id: -1, ok: false, error: { message: 'malformed request', code: 'invalid' } });
        return;
      }
      const id = req.id;
      void client.invoke(req.cmd, req.args).then((result) => writeJsonLine(socket, { id, ...result }));
    }, (reason) => {
      writeJsonLine(socket, { id: -1, ok: false, error: { message: reason, code: 'invalid' } });
      // The rest of the stream is left unread, so close as soon as the reply is out.
      socket.end(() => socket.destroy());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => { server.off('error', reject); resolve(); });
  });
  // Only this user may drive the engine: the socket is as powerful as a shell.
  if (process.platform !== 'win32') chmodSync(path, 0o600);
  return {
    path,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
