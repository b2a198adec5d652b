import type { Socket } from 'node:net';

/**
 * Longest request line the engine reads from a control-socket client. Every command's arguments
 * fit easily (an app's config vars are capped at 32 KB in all), so anything bigger is a mistake or
 * an attack, and is refused as soon as it passes the limit instead of being buffered.
 */
export const MAX_REQUEST_LINE_BYTES = 1024 * 1024;

/**
 * Longest line the CLI reads from the engine. Larger than the request limit because replies carry
 * data: a full log ring is 10,000 lines of up to 16 KiB each. It only bounds the CLI's memory.
 */
export const MAX_REPLY_LINE_BYTES = 256 * 1024 * 1024;

const NEWLINE = 0x0a;

export interface LineSplitter {
  /** Feed the next bytes of the stream. Ignored once stopped. */
  push(chunk: Buffer): void;
  /** Drop what is buffered and ignore all further input. */
  stop(): void;
}

/**
 * Cut a byte stream into lines (without their '\n'). Linear in the bytes received: each chunk is
 * searched once, from its own start, and a line's pieces are joined once, when its '\n' arrives.
 * A line that grows past `maxLineBytes` calls `onTooLong` at once and stops the splitter.
 */
export function createLineSplitter(maxLineBytes: number, onLine: (line: Buffer) => void, onTooLong: () => void): LineSplitter {
  let pieces: Buffer[] = [];
  let size = 0;
  let stopped = false;
  const stop = (): void => {
    stopped = true;
    pieces = [];
    size = 0;
  };
  const tooLong = (): void => {
    stop();
    onTooLong();
  };
  return {
    stop,
    push(chunk) {
      let start = 0;
      while (!stopped) {
        const nl = chunk.indexOf(NEWLINE, start);
        if (nl < 0) break;
        const tail = chunk.subarray(start, nl);
        if (size + tail.length > maxLineBytes) return tooLong();
        const line = pieces.length === 0 ? tail : Buffer.concat([...pieces, tail], size + tail.length);
        pieces = [];
        size = 0;
        start = nl + 1;
        onLine(line);
      }
      if (stopped || start >= chunk.length) return;
      const rest = chunk.subarray(start);
      if (size + rest.length > maxLineBytes) return tooLong();
      pieces.push(rest);
      size += rest.length;
    },
  };
}

/** "1 MiB" for the error messages: the limits are whole MiB. */
function mib(bytes: number): string {
  return `${Math.floor(bytes / (1024 * 1024))} MiB`;
}

/**
 * Split a socket's stream into JSON messages, one per line. On a line over `maxLineBytes` or one
 * that is not JSON, `onError` gets the reason and the socket stops being read: nothing more is
 * buffered, and the caller decides how to close it.
 */
export function onJsonLines(socket: Socket, maxLineBytes: number, onMessage: (msg: unknown) => void, onError: (reason: string) => void): void {
  const fail = (reason: string): void => {
    splitter.stop();
    socket.off('data', onData);
    socket.pause();
    onError(reason);
  };
  const splitter = createLineSplitter(maxLineBytes, (line) => {
    const text = line.toString('utf8');
    if (!text.trim()) return;
    let msg: unknown;
    try { msg = JSON.parse(text); } catch { fail('invalid JSON'); return; }
    onMessage(msg);
  }, () => fail(`message too large: a control-socket message may be at most ${mib(maxLineBytes)}`));
  const onData = (chunk: Buffer | string): void => {
    splitter.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  };
  socket.on('data', onData);
}

export function writeJsonLine(socket: Socket, msg: unknown): boolean {
  if (socket.destroyed) return false;
  return socket.write(`${JSON.stringify(msg)}\n`);
}
