// The commonest response, handled in one pass: a complete, small HTTP/1.1 response from a dyno with a
// Content-Length, canonical header lines ("Name: value"), at most "Connection: keep-alive", and no
// Transfer-Encoding or Via. Its head is checked with the same line grammar as parseResponseHead
// (scanFieldLine) and rewritten by copying byte runs straight into the buffer for the client:
// exactly the bytes clientResponseHead would produce, without the strings and field objects.
// Parsing and rewriting the response was about a sixth of the router's CPU per request.
//
// Anything else returns null, with nothing changed, and takes the general path, which parses the
// head again from the start (and is the one that reports errors).
//
// A dyno answers a keep-alive stream of requests with heads that are the same bytes every time except
// the Date value. So the last head that took this path is remembered with what it became: a head that
// matches it byte for byte outside the Date value, whose new Date bytes are valid field-value bytes
// (no whitespace at either end, so the line is still canonical), parses exactly as the remembered one
// did and becomes the remembered output with the new Date bytes. Comparing four bytes at a time costs
// about a third of scanning the head; anything that does not match is scanned as before.
import { CONNECTION, CONTENT_LENGTH, DATE, OTHER, TRANSFER_ENCODING, VIA as VIA_FIELD, fieldKindBytes, isHopByHop } from './field-kind.js';
import { LINE, contentLengthValue, scanFieldLine, valueEnd } from './header-fields.js';
import { VIA } from './header-rewrite.js';
import type { ParseLimits } from './http-head.js';
import { latin1Bytes, putBytes } from './latin1-bytes.js';
import { ARENA_BYTES, ARENA_WORDS, MEMO_AT, MEMO_BYTES, SCRATCH, SCRATCH_AT, arenaOffset, copyRun, scratchFree } from './socket-read.js';

/** The result (one object, reused: read it before the next call). */
export interface FastResponse {
  /** head and body, ready for the client: out[0..length). SCRATCH unless the message is bigger. */
  out: Buffer;
  length: number;
  status: number;
}

/** The parser's limits that apply here (a ParseLimits will do). */
export type FastLimits = Pick<ParseLimits, 'maxHeaders' | 'maxHeadBytes'>;

const CONTENT_LENGTH_LINE = latin1Bytes('Content-Length: ');
/** What follows the Content-Length digits, with and without Connection: close. */
const TAIL = latin1Bytes(`\r\nVia: ${VIA}\r\n\r\n`);
const TAIL_CLOSE = latin1Bytes(`\r\nConnection: close\r\nVia: ${VIA}\r\n\r\n`);
const KEEP_ALIVE = 'keep-alive';
const RESULT: FastResponse = { out: SCRATCH, length: 0, status: 0 };

/** Kept byte ranges of the head, as [start, end) pairs (reused: one response at a time). */
let runs: Int32Array = new Int32Array(64);

/** The remembered head: its input bytes at MEMO_IN, its output head at MEMO_OUT (both in the arena). */
const MEMO_IN = MEMO_AT;
const MEMO_OUT = MEMO_AT + MEMO_BYTES / 2;
/** The longest head (input or output) remembered. */
const MEMO_HEAD = MEMO_BYTES / 2;
const memo = {
  /** input head length (through the blank line); 0 when nothing is remembered */
  head: 0,
  /** output head length (the body follows it) */
  out: 0,
  /** body length (the Content-Length) */
  body: 0,
  status: 0,
  closeClient: false,
  maxHeaders: 0,
  maxHeadBytes: 0,
  /** the Date value in the input, [from, to) (empty if there was none), and where it sits in the output */
  from: 0,
  to: 0,
  outAt: 0,
};

let memoHits = 0;

/** Forgets the remembered head (tests use it to compare both ways of answering). */
export function forgetFastMemo(): void {
  memo.head = 0;
}

/** How many responses were answered from the memo so far (for tests). */
export function fastMemoHits(): number {
  return memoHits;
}

/**
 * The bytes at ARENA_BYTES[at + i..at + b) that differ from the remembered input are all inside the
 * Date value and valid there (field-value bytes, not whitespace at either end of the value).
 */
function sameOrNewDate(at: number, i: number, b: number): boolean {
  for (; i < b; i++) {
    const c = ARENA_BYTES[at + i] as number;
    if (c === ARENA_BYTES[MEMO_IN + i]) continue;
    if (i < memo.from || i >= memo.to || (c < 32 ? c !== 9 : c === 127)) return false;
    if ((c === 32 || c === 9) && (i === memo.from || i === memo.to - 1)) return false;
  }
  return true;
}

/**
 * The response in `buf` (at ARENA_BYTES[at..at+n)) answered from the memo, or null. `at` is a multiple of 4,
 * as is MEMO_IN, so word k of both holds the same offsets of the two heads: equal words need no
 * further look, and a word that differs is checked byte by byte.
 */
function fromMemo(buf: Buffer, at: number, n: number, limits: FastLimits, maxBody: number, closeClient: boolean): FastResponse | null {
  const h = memo.head;
  if (h === 0 || !scratchFree(memo.out + memo.body) || n - h !== memo.body || memo.body > maxBody || closeClient !== memo.closeClient
    || limits.maxHeaders !== memo.maxHeaders || limits.maxHeadBytes !== memo.maxHeadBytes) return null;
  const aw = at >> 2;
  const mw = MEMO_IN >> 2;
  const words = h >> 2;
  for (let w = 0; w < words; w++) {
    if (ARENA_WORDS[aw + w] !== ARENA_WORDS[mw + w] && !sameOrNewDate(at, w << 2, (w << 2) + 4)) return null;
  }
  if (!sameOrNewDate(at, words << 2, h)) return null;
  const from = memo.from;
  const to = memo.to;
  ARENA_BYTES.copyWithin(SCRATCH_AT, MEMO_OUT, MEMO_OUT + memo.out);
  if (from < to) ARENA_BYTES.copyWithin(SCRATCH_AT + memo.outAt, at + from, at + to);
  copyRun(buf, h, n, SCRATCH, memo.out);
  memoHits++;
  RESULT.out = SCRATCH;
  RESULT.length = memo.out + n - h;
  RESULT.status = memo.status;
  return RESULT;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 48 && c <= 57;
}

/** buf[a..b) is exactly the token keep-alive, in any case. */
function isKeepAlive(buf: Buffer, a: number, b: number): boolean {
  if (b - a !== KEEP_ALIVE.length) return false;
  for (let i = 0; i < KEEP_ALIVE.length; i++) {
    if (((buf[a + i] as number) | 0x20) !== KEEP_ALIVE.charCodeAt(i)) return false;
  }
  return true;
}

function digits(n: number): number {
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
}

/**
 * The client's bytes for the response in `buf` (a whole response, nothing before it), or null.
 * Bodies over `maxBody` are left to the general path, which streams them. `closeClient`: the client
 * connection ends after this response ("Connection: close" is added).
 */
export function fastSmallResponse(buf: Buffer, limits: FastLimits, maxBody: number, closeClient: boolean): FastResponse | null {
  const n = buf.length;
  const at = arenaOffset(buf);
  const words = at >= 0 && at < SCRATCH_AT && (at & 3) === 0;
  if (words) {
    const remembered = fromMemo(buf, at, n, limits, maxBody, closeClient);
    if (remembered) return remembered;
  }
  // "HTTP/1.1 " then a 2xx–5xx status and a space (a reason follows, maybe empty).
  if (n < 17 || buf[0] !== 72 || buf[1] !== 84 || buf[2] !== 84 || buf[3] !== 80 || buf[4] !== 47
    || buf[5] !== 49 || buf[6] !== 46 || buf[7] !== 49 || buf[8] !== 32) return null;
  const c0 = buf[9] as number;
  if (c0 < 50 || c0 > 53 || !isDigit(buf[10]) || !isDigit(buf[11]) || buf[12] !== 32) return null;
  const status = (c0 - 48) * 100 + ((buf[10] as number) - 48) * 10 + ((buf[11] as number) - 48);
  if (status === 204 || status === 304) return null; // bodiless by definition: the general path
  let i = 13;
  i = valueEnd(buf, i, n);
  if (i + 1 >= n || buf[i] !== 13 || buf[i + 1] !== 10) return null;
  i += 2;

  let count = 0;
  let length = -1;
  let nruns = 0;
  let runStart = 0; // the status line goes out as received ("HTTP/1.1 " is checked above)
  let headEnd = -1;
  let dateFrom = 0;
  let dateTo = 0;
  let dates = 0;
  while (headEnd === -1) {
    if (i + 1 >= n || i > limits.maxHeadBytes) return null; // incomplete or too large
    if (buf[i] === 13 && buf[i + 1] === 10) {
      headEnd = i + 2;
      break;
    }
    if (++count > limits.maxHeaders) return null;
    const lineStart = i;
    const next = scanFieldLine(buf, i, n);
    if (next === -1) return null;
    const kind = fieldKindBytes(buf, lineStart, LINE.colon);
    let keep = true;
    if (kind !== OTHER) {
      if (kind === CONTENT_LENGTH) {
        if (length !== -1) return null;
        length = contentLengthValue(buf, LINE.valueStart, LINE.valueEnd);
        if (length < 0) return null;
        keep = false;
      } else if (kind === CONNECTION) {
        // "close" (or any other token) changes what must be stripped and reused: general path.
        if (!isKeepAlive(buf, LINE.valueStart, LINE.valueEnd)) return null;
        keep = false;
      } else if (kind === TRANSFER_ENCODING || kind === VIA_FIELD) {
        return null;
      } else if (isHopByHop(kind)) {
        keep = false;
      } else if (kind === DATE) {
        dates++;
        dateFrom = LINE.valueStart;
        dateTo = LINE.valueEnd;
      }
    }
    if (keep) {
      // Only lines the general path would also forward as received.
      if (LINE.valueStart !== LINE.colon + 2 || LINE.valueEnd !== next - 2 || buf[LINE.colon + 1] !== 32) return null;
    } else {
      if (lineStart > runStart) {
        if (nruns + 2 > runs.length) runs = growRuns(runs);
        runs[nruns++] = runStart;
        runs[nruns++] = lineStart;
      }
      runStart = next;
    }
    i = next;
  }
  if (headEnd > limits.maxHeadBytes) return null;
  const body = n - headEnd;
  if (length < 0 || body !== length || body > maxBody) return null;
  if (headEnd - 2 > runStart) {
    if (nruns + 2 > runs.length) runs = growRuns(runs);
    runs[nruns++] = runStart;
    runs[nruns++] = headEnd - 2;
  }

  const tail = closeClient ? TAIL_CLOSE : TAIL;
  const lengthDigits = digits(length);
  let size = CONTENT_LENGTH_LINE.length + lengthDigits + tail.length + body;
  for (let r = 0; r < nruns; r += 2) size += (runs[r + 1] as number) - (runs[r] as number);
  const out = scratchFree(size) ? SCRATCH : Buffer.allocUnsafe(size);
  if (dates !== 1) dateFrom = dateTo = 0; // none, or more than one: nothing may differ
  let dateOut = 0;
  let o = 0;
  for (let r = 0; r < nruns; r += 2) {
    const a = runs[r] as number;
    if (dateFrom >= a && dateFrom < (runs[r + 1] as number)) dateOut = o + dateFrom - a;
    o = copyRun(buf, a, runs[r + 1] as number, out, o);
  }
  o = putBytes(out, o, CONTENT_LENGTH_LINE);
  // Digits from the last one back (length ≤ maxBody: int32 arithmetic).
  for (let k = o + lengthDigits - 1, v = length; k >= o; k--, v = (v / 10) | 0) out[k] = 48 + (v % 10);
  o += lengthDigits;
  o = putBytes(out, o, tail);
  if (words && out === SCRATCH && headEnd <= MEMO_HEAD && o <= MEMO_HEAD) {
    ARENA_BYTES.copyWithin(MEMO_IN, at, at + headEnd);
    ARENA_BYTES.copyWithin(MEMO_OUT, SCRATCH_AT, SCRATCH_AT + o);
    memo.head = headEnd;
    memo.out = o;
    memo.body = body;
    memo.status = status;
    memo.closeClient = closeClient;
    memo.maxHeaders = limits.maxHeaders;
    memo.maxHeadBytes = limits.maxHeadBytes;
    memo.from = dateFrom;
    memo.to = dateTo;
    memo.outAt = dateOut;
  }
  o = copyRun(buf, headEnd, n, out, o);
  RESULT.out = out;
  RESULT.length = o;
  RESULT.status = status;
  return RESULT;
}

function growRuns(old: Int32Array): Int32Array {
  const next = new Int32Array(old.length * 2);
  next.set(old);
  return next;
}
