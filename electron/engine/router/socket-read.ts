// Router sockets read through `onread` into one buffer shared by every socket of the worker (client
// and dyno side alike), instead of Node's default of a fresh buffer per read pushed through the
// Readable stream machinery. On the hot path that default costs an allocation (and later GC work)
// for every request. Sharing one buffer is sound because reads are delivered one at a time on this
// thread, each to its callback before the next read happens.
//
// Node offers `onread` only to sockets it creates on request (net.connect, new Socket); an accepted
// socket is re-wrapped: the server runs with pauseOnConnect, and the paused socket's handle moves to a
// new Socket that has the option set. Where that is not possible the socket stays as it is and its
// 'data' events feed the same reader, so callers see one interface either way.
//
// The rule that comes with a shared buffer: a chunk is valid only during the reader call. Whoever keeps
// bytes longer (pending input, a write that may be queued) must keep `retain(chunk)` instead.
//
// The same memory holds SCRATCH, where a message the router is about to write is put together (see
// response-fast.ts): it is written out at once (socket-write.ts copies whatever it has to queue, or
// holds SCRATCH until libuv has sent it: see scratchFree), so one area serves every message. Reads
// and scratch sharing one ArrayBuffer lets a message be copied from received bytes with copyWithin
// (one call, no view objects) instead of byte by byte.
import { Socket } from 'node:net';

export type Reader = (chunk: Buffer) => void;

const READ_BYTES = 64 * 1024;
/** Size of SCRATCH: callers fall back to a fresh buffer for anything bigger. */
export const SCRATCH_BYTES = 64 * 1024;
/** Room after SCRATCH for what response-fast.ts remembers of the last response head (two copies). */
export const MEMO_BYTES = 4 * 1024;
const ARENA = new ArrayBuffer(READ_BYTES + SCRATCH_BYTES + MEMO_BYTES);
const SHARED = Buffer.from(ARENA, 0, READ_BYTES);
/** Where an outgoing message is assembled; valid until the next one (write it before anything else runs). */
export const SCRATCH = Buffer.from(ARENA, READ_BYTES, SCRATCH_BYTES);
/** The whole area, for copyWithin: SCRATCH[i] is ARENA_BYTES[SCRATCH_AT + i]. */
export const ARENA_BYTES = new Uint8Array(ARENA);
export const SCRATCH_AT = READ_BYTES;
/** Where the memo area starts in ARENA_BYTES (a multiple of 4, like every read: see ARENA_WORDS). */
export const MEMO_AT = READ_BYTES + SCRATCH_BYTES;
/** The same area as 32-bit words, for comparing runs of bytes four at a time (word k is bytes 4k..4k+3). */
export const ARENA_WORDS = new Int32Array(ARENA);

/**
 * Writes from SCRATCH that the kernel did not take at once and that are still in flight (socket-write.ts
 * hands the rest to libuv, which reads it from SCRATCH later): while there are any, messages are put
 * together in fresh buffers instead.
 */
let scratchHolds = 0;

/** A message of `size` bytes may be put together in SCRATCH now. */
export function scratchFree(size: number): boolean {
  return size <= SCRATCH_BYTES && scratchHolds === 0;
}

export function holdScratch(): void {
  scratchHolds++;
}

export function releaseScratch(): void {
  scratchHolds--;
}

/** buf lies in SCRATCH. */
export function inScratch(buf: Uint8Array): boolean {
  return buf.buffer === ARENA && buf.byteOffset >= SCRATCH_AT && buf.byteOffset < SCRATCH_AT + SCRATCH_BYTES;
}

/** buf lies in the shared area (the read buffer, SCRATCH or the memo). */
export function inArena(buf: Uint8Array): boolean {
  return buf.buffer === ARENA;
}

/** Where buf[0] sits in ARENA_BYTES, or -1 if buf is not in the area. */
export function arenaOffset(buf: Buffer): number {
  return buf.buffer === ARENA ? buf.byteOffset : -1;
}
const SLOT = Symbol('dynodesk.reader');

type WithSlot = Socket & { [SLOT]?: { reader: Reader } };
interface StreamHandle { readStart(): number; readStop(): number; getpeername(out: object): number }

const discard: Reader = () => {};

/** Bytes that must outlive the current reader call (or scratch message): copied if they live in the shared area. */
export function retain(chunk: Buffer): Buffer {
  return chunk.buffer === ARENA ? Buffer.from(chunk) : chunk;
}

/** Where the socket's bytes go from now on (one reader at a time). */
export function setReader(socket: Socket, reader: Reader): void {
  const s = socket as WithSlot;
  let slot = s[SLOT];
  if (!slot) {
    // Not from adopt(): plain 'data' events, through one listener however often the reader changes.
    const fresh = { reader };
    s[SLOT] = slot = fresh;
    socket.on('data', (d: Buffer) => fresh.reader(d));
  }
  slot.reader = reader;
}

// Every read lands at the start of SHARED, so the chunk for an n-byte read is always SHARED[0..n).
// Views are kept for recent lengths (a direct-mapped cache: keep-alive traffic repeats the same sizes),
// which saves making a view object per read. Sharing one is safe under the rule above: nobody keeps a
// chunk past the reader call.
const VIEW_SLOTS = 256;
const views: Array<Buffer | undefined> = new Array<Buffer | undefined>(VIEW_SLOTS).fill(undefined);

/** SHARED[0..n), a view that may be handed out again for the next read of the same size. */
export function sharedView(n: number): Buffer {
  const slot = n & (VIEW_SLOTS - 1);
  let v = views[slot];
  if (v === undefined || v.length !== n) views[slot] = v = SHARED.subarray(0, n);
  return v;
}

/**
 * src[a..b) to out at o; returns the end. Short runs are copied in a loop: a builtin call costs about
 * what 20 bytes of loop do (one copyWithin within the shared area, where reads land and SCRATCH is)
 * and a call into C++ (Buffer.copy) what 250 do.
 */
export function copyRun(src: Buffer, a: number, b: number, out: Buffer, o: number): number {
  if (b - a >= 24 && src.buffer === ARENA && out.buffer === ARENA) {
    ARENA_BYTES.copyWithin(out.byteOffset + o, src.byteOffset + a, src.byteOffset + b);
    return o + b - a;
  }
  if (b - a > 256) return o + src.copy(out, o, a, b);
  for (let i = a; i < b; i++) out[o++] = src[i] as number;
  return o;
}

/** The `onread` option for a socket the router creates itself (net.connect). */
export function sharedOnread(reader: Reader): { buffer: Buffer; callback: (n: number, buf: Uint8Array) => boolean } {
  return {
    buffer: SHARED,
    callback: (n: number, buf: Uint8Array): boolean => {
      reader(buf === SHARED ? sharedView(n) : (buf as Buffer).subarray(0, n));
      return true;
    },
  };
}

/** Takes over a socket accepted by a server created with `pauseOnConnect: true`. */
export function adopt(accepted: Socket): Socket {
  const slot = { reader: discard };
  const handle = (accepted as unknown as { _handle?: StreamHandle | null })._handle;
  if (!handle || typeof handle.readStart !== 'function' || typeof handle.getpeername !== 'function') {
    (accepted as WithSlot)[SLOT] = slot;
    accepted.on('data', (d: Buffer) => slot.reader(d));
    accepted.resume();
    return accepted;
  }
  // The old wrapper lets go of the handle (so destroying it closes nothing) and is destroyed, which
  // keeps the server's connection count right; the new one owns the handle and starts reading.
  (accepted as unknown as { _handle: StreamHandle | null })._handle = null;
  accepted.destroy();
  const socket = new Socket({
    handle,
    allowHalfOpen: false,
    onread: sharedOnread((chunk) => slot.reader(chunk)),
  } as unknown as ConstructorParameters<typeof Socket>[0]) as WithSlot;
  socket[SLOT] = slot;
  return socket;
}
