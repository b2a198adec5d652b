import type { Socket } from 'node:net';

/** Largest single message either side accepts; a bigger line is a protocol error. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** Split a socket's stream into JSON messages, one per line. */
export function onJsonLines(socket: Socket, onMessage: (msg: unknown) => void, onError: (reason: string) => void): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    if (buffered.length > MAX_LINE_BYTES) {
      onError('message too large');
      buffered = '';
      return;
    }
    let nl = buffered.indexOf('\n');
    while (nl >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line.trim()) {
        let msg: unknown;
        try { msg = JSON.parse(line); } catch { onError('invalid JSON'); return; }
        onMessage(msg);
      }
      nl = buffered.indexOf('\n');
    }
  });
}

export function writeJsonLine(socket: Socket, msg: unknown): boolean {
  if (socket.destroyed) return false;
  return socket.write(`${JSON.stringify(msg)}\n`);
}
