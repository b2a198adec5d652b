// Writes that skip Node's Writable-stream machinery when they can. If nothing is queued on the socket,
// the bytes go straight to its file descriptor in one write(2) (the socket is non-blocking, so this
// never waits); whatever the kernel does not take (a full send buffer) is queued through
// socket.write() as usual, and later writes line up behind it. Where the descriptor is not reachable
// (Windows, a socket that is connecting or gone) everything goes through socket.write().
//
// On the hot path this replaces, per write, the stream state machine, a write request object and an
// after-write callback on the next tick: a measurable share of a proxied request's CPU.
import { writeSync } from 'node:fs';
import type { Socket } from 'node:net';
import { retain } from './socket-read.js';

interface FdHandle { fd?: number }
const FD = Symbol('dynodesk.fd');
type WithFd = Socket & { [FD]?: number };

/**
 * The socket's descriptor, read once (the handle's getter is a call into C++). Only used while the
 * socket is not destroyed, so a number the kernel hands out again after close is never written to.
 */
function fdOf(socket: Socket): number {
  const s = socket as WithFd;
  let fd = s[FD];
  if (fd === undefined) {
    const h = (socket as unknown as { _handle?: FdHandle | null })._handle?.fd;
    fd = typeof h === 'number' ? h : -1;
    if (fd >= 0) s[FD] = fd;
  }
  return fd;
}

/**
 * Like socket.write (latin1 for strings), and the same return value: false means "wait for 'drain'".
 * For a Buffer, only its first `len` bytes are sent (so a message assembled in SCRATCH needs no view).
 */
export function send(socket: Socket, data: Buffer | string, len: number = data.length): boolean {
  if (socket.writableLength === 0 && !socket.connecting && !socket.destroyed && !socket.writableEnded) {
    const fd = fdOf(socket);
    if (fd >= 0) {
      let n = 0;
      try {
        n = typeof data === 'string' ? writeSync(fd, data, null, 'latin1') : writeSync(fd, data, 0, len, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') {
          // The peer is gone (EPIPE, ECONNRESET): the socket fails as a queued write would make it fail.
          socket.destroy(e as Error);
          return true;
        }
      }
      if (n === len) return true;
      if (typeof data === 'string') return socket.write(n > 0 ? data.slice(n) : data, 'latin1');
      return socket.write(retain(data.subarray(n, len)));
    }
  }
  // Queued bytes outlive this call: they must not sit in the shared read buffer or SCRATCH.
  if (typeof data === 'string') return socket.write(data, 'latin1');
  return socket.write(retain(len === data.length ? data : data.subarray(0, len)));
}
