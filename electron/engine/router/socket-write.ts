// Writes that skip Node's Writable-stream machinery when they can. If nothing is queued on the socket,
// the bytes go straight to the kernel in one write(2) (the socket is non-blocking, so this never
// waits). Two ways, the first one that this Node offers:
//
// - Through the socket's libuv handle (StreamBase.writeBuffer), which tries the write at once and
//   queues in libuv whatever the kernel does not take. That queued rest is still read from our
//   bytes, so it is used only for bytes that stay put: SCRATCH (held, see socket-read.ts, until libuv
//   is done with it) or a buffer of their own; never the shared read buffer, which the next read
//   overwrites. The request object it needs comes from process.binding('stream_wrap'), which Node
//   still offers for this; where it does not, the next way is used.
// - Through fs.writeSync on the descriptor, where whatever the kernel does not take is queued through
//   socket.write() as usual. (It costs about a tenth more per proxied request: Node's fs tracing
//   lookup and request setup.)
//
// Later writes line up behind anything queued either way (libuv keeps its queue in order, and
// socket.write() hands its chunks to the same queue). Where neither is possible (a socket that is
// connecting or gone) everything goes through socket.write().
//
// On the hot path this replaces, per write, the stream state machine, a write request object and an
// after-write callback on the next tick: a measurable share of a proxied request's CPU.
import { writeSync } from 'node:fs';
import type { Socket } from 'node:net';
import { getSystemErrorName } from 'node:util';
import { SCRATCH, holdScratch, inArena, inScratch, releaseScratch, retain } from './socket-read.js';

interface WriteReq {
  oncomplete?: (status: number) => void;
  /** keeps the bytes libuv still reads from alive until the write completes */
  buffer?: Uint8Array;
}
interface StreamWrap {
  WriteWrap: new () => WriteReq;
  streamBaseState: Int32Array;
  kLastWriteWasAsync: number;
}
interface StreamHandle {
  fd?: number;
  writeBuffer?: (req: WriteReq, data: Uint8Array) => number;
}

function loadStreamWrap(): StreamWrap | null {
  if (process.env.DYNODESK_ROUTER_FD_WRITES === '1') return null; // tests run the fallback this way
  try {
    const binding = (process as unknown as { binding?: (name: string) => Partial<StreamWrap> }).binding;
    const sw = typeof binding === 'function' ? binding('stream_wrap') : undefined;
    if (sw && typeof sw.WriteWrap === 'function' && sw.streamBaseState instanceof Int32Array && typeof sw.kLastWriteWasAsync === 'number') {
      return sw as StreamWrap;
    }
  } catch {
    // not offered: writes go through the descriptor
  }
  return null;
}

const SW = loadStreamWrap();
/** The request object for the next handle write: one serves every write the kernel takes at once. */
let nextReq: WriteReq | null = SW ? new SW.WriteWrap() : null;

/** Which way writes go (for tests and the benchmark's report). */
export const directWrites: 'handle' | 'fd' = SW ? 'handle' : 'fd';

const FD = Symbol('dynodesk.fd');
const HANDLE = Symbol('dynodesk.handle');
/** Handle writes of this socket that libuv has queued and not finished. */
const QUEUED = Symbol('dynodesk.queued');
type Direct = Socket & { [FD]?: number; [HANDLE]?: StreamHandle | null; [QUEUED]?: number };

/**
 * The socket's descriptor, read once (the handle's getter is a call into C++). Only used while the
 * socket is not destroyed, so a number the kernel hands out again after close is never written to.
 */
function fdOf(socket: Socket): number {
  const s = socket as Direct;
  let fd = s[FD];
  if (fd === undefined) {
    const h = (socket as unknown as { _handle?: StreamHandle | null })._handle?.fd;
    fd = typeof h === 'number' ? h : -1;
    if (fd >= 0) s[FD] = fd;
  }
  return fd;
}

/** The socket's libuv handle if it can take handle writes (looked up once). */
function handleOf(socket: Socket): StreamHandle | null {
  const s = socket as Direct;
  let h = s[HANDLE];
  if (h === undefined) {
    const raw = (socket as unknown as { _handle?: StreamHandle | null })._handle;
    h = raw && typeof raw.writeBuffer === 'function' ? raw : null;
    s[HANDLE] = h;
  }
  return h;
}

// Exact-length views of SCRATCH (a handle write sends a whole view), kept per recent length like the
// read views in socket-read.ts: messages of the same size come again and again.
const VIEW_SLOTS = 256;
const scratchViews: Array<Uint8Array | undefined> = new Array<Uint8Array | undefined>(VIEW_SLOTS).fill(undefined);
function viewOf(data: Buffer, len: number): Uint8Array {
  if (len === data.length) return data;
  if (data !== SCRATCH) return data.subarray(0, len);
  const slot = len & (VIEW_SLOTS - 1);
  let v = scratchViews[slot];
  if (v === undefined || v.length !== len) scratchViews[slot] = v = data.subarray(0, len);
  return v;
}

/**
 * A handle write of data[0..len). True when the kernel took it all; false when libuv queued the rest
 * ('drain' follows when it is done, as for socket.write).
 */
function handleWrite(socket: Socket, h: StreamHandle, data: Buffer, len: number): boolean {
  const sw = SW as StreamWrap;
  const req = nextReq as WriteReq;
  const err = (h.writeBuffer as NonNullable<StreamHandle['writeBuffer']>)(req, viewOf(data, len));
  if (err !== 0) {
    // The peer is gone (EPIPE, ECONNRESET): the socket fails as a queued write would make it fail.
    const e = Object.assign(new Error(`write ${getSystemErrorName(err)}`), { code: getSystemErrorName(err), errno: err, syscall: 'write' });
    socket.destroy(e);
    return true;
  }
  if (sw.streamBaseState[sw.kLastWriteWasAsync] === 0) return true;
  // libuv holds `req` and reads the rest from `data` until it completes.
  nextReq = new sw.WriteWrap();
  const s = socket as Direct;
  s[QUEUED] = (s[QUEUED] ?? 0) + 1;
  const scratch = inScratch(data);
  if (scratch) holdScratch();
  req.buffer = data;
  req.oncomplete = (): void => {
    req.buffer = undefined;
    if (scratch) releaseScratch();
    const left = (s[QUEUED] ?? 1) - 1;
    s[QUEUED] = left;
    // Whoever got false from send() waits for this. (If socket.write() has bytes queued as well, the
    // caller's next send() goes through it and gets its backpressure from there.)
    if (left === 0 && !socket.destroyed) socket.emit('drain');
  };
  return false;
}

/** The socket has bytes waiting to go out (queued by socket.write or by libuv): a caller that respects backpressure waits for 'drain'. */
export function mustWait(socket: Socket): boolean {
  return socket.writableNeedDrain || ((socket as Direct)[QUEUED] ?? 0) > 0;
}

/**
 * Like socket.write (latin1 for strings), and the same return value: false means "wait for 'drain'".
 * For a Buffer, only its first `len` bytes are sent (so a message assembled in SCRATCH needs no view).
 */
export function send(socket: Socket, data: Buffer | string, len: number = data.length): boolean {
  if (socket.writableLength === 0 && !socket.connecting && !socket.destroyed && !socket.writableEnded) {
    // (SCRATCH itself by identity first: reading a view's .buffer is a call into the runtime.)
    if (typeof data !== 'string' && (data === SCRATCH || inScratch(data) || !inArena(data))) {
      const h = SW ? handleOf(socket) : null;
      if (h !== null) return handleWrite(socket, h, data, len);
    }
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
