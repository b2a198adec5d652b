// JSON.parse with an error that says where: V8's messages only sometimes carry a position,
// and never a line number, which is what a user needs to fix a hand-edited file.
import { UserError } from '../errors.js';

/** Parse `text` as JSON; on failure throw UserError("<label>: <reason> at line L column C"). */
export function parseJsonText(text: string, label: string): unknown {
  const body = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(body) as unknown;
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err);
    const offset = errorOffset(body, raw);
    const { line, column } = lineColumn(body, offset);
    throw new UserError(`${label}: ${cleanMessage(raw)} at line ${line} column ${column}`);
  }
}

function cleanMessage(message: string): string {
  return message
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/^Unexpected end of JSON input$/, 'unexpected end of file');
}

function positionIn(message: string): number | null {
  const m = /at position (\d+)/.exec(message);
  return m ? Number(m[1]) : null;
}

/** True if `prefix` could still be the start of a valid JSON text (it fails only by running out). */
function viablePrefix(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (err) {
    const message = err instanceof Error ? err.message : '';
    if (message.startsWith('Unexpected end of JSON input')) return true;
    const pos = positionIn(message);
    return pos !== null && pos >= prefix.length;
  }
}

/** Offset of the first offending character. Viability of prefixes is monotone, so binary search. */
function errorOffset(text: string, message: string): number {
  const pos = positionIn(message);
  if (pos !== null) return pos;
  if (message.startsWith('Unexpected end of JSON input')) return text.length;
  // Bounded: ~log2(n) parses; app.json and package.json are small, and the cap keeps it so.
  if (text.length > 4 * 1024 * 1024) return text.length;
  let lo = 0; // viable
  let hi = text.length; // not viable (the whole text failed)
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (viablePrefix(text.slice(0, mid))) lo = mid;
    else hi = mid;
  }
  return hi - 1;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < clamped; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: clamped - lineStart + 1 };
}
