// Turns a byte stream into lines for ctx.onLine: UTF-8 safe across chunk boundaries, CR stripped,
// and bounded so a tool that never prints a newline cannot grow memory without limit.
import { StringDecoder } from 'node:string_decoder';

const MAX_LINE_CHARS = 16 * 1024;

export interface LineSplitter {
  write(chunk: Buffer): void;
  /** Emit whatever is left as a final line. */
  end(): void;
}

export function createLineSplitter(onLine: (line: string) => void): LineSplitter {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const emit = (raw: string): void => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // Progress bars redraw with bare CRs; keep what a terminal would finally show.
    const cr = line.lastIndexOf('\r');
    onLine(cr >= 0 ? line.slice(cr + 1) : line);
  };
  const push = (text: string): void => {
    pending += text;
    let nl = pending.indexOf('\n');
    while (nl >= 0) {
      emit(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
      nl = pending.indexOf('\n');
    }
    while (pending.length > MAX_LINE_CHARS) {
      emit(pending.slice(0, MAX_LINE_CHARS));
      pending = pending.slice(MAX_LINE_CHARS);
    }
  };
  return {
    write: (chunk) => push(decoder.write(chunk)),
    end: () => {
      push(decoder.end());
      if (pending !== '') emit(pending);
      pending = '';
    },
  };
}
