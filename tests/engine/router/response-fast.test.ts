// The one-pass response path must give exactly the bytes of the general path (parseResponseHead +
// clientResponseHead + body), or decline; it may never accept what the general path rejects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientResponseHead } from '../../../electron/engine/router/header-rewrite.js';
import { DEFAULT_LIMITS, findHeadEnd, parseResponseHead } from '../../../electron/engine/router/http-head.js';
import { fastMemoHits, fastSmallResponse, forgetFastMemo, type FastLimits } from '../../../electron/engine/router/response-fast.js';
import { ARENA_BYTES, SCRATCH, SCRATCH_AT, holdScratch, releaseScratch } from '../../../electron/engine/router/socket-read.js';

const LIMITS: FastLimits = DEFAULT_LIMITS;
const MAX_BODY = 16 * 1024;

/** What the general path sends for a complete response with a Content-Length, or null if it would not take that route. */
function generalPath(buf: Buffer, closeClient: boolean): Buffer | null {
  let end: number;
  try {
    end = findHeadEnd(buf, 0, DEFAULT_LIMITS, false);
    if (end === -1) return null;
    const res = parseResponseHead(buf, 0, end, DEFAULT_LIMITS);
    if (res.status < 200 || res.status === 204 || res.status === 304 || res.chunked || res.untilClose) return null;
    if (res.contentLength < 0 || res.contentLength !== buf.length - end) return null;
    const head = clientResponseHead(res, 'length', closeClient, false);
    return Buffer.concat([Buffer.from(head, 'latin1'), buf.subarray(end)]);
  } catch {
    return null; // rejected: the fast path must decline too
  }
}

/** The same bytes placed where a socket read puts them (the shared area, so runs are copied with copyWithin). */
function inReadArea(buf: Buffer): Buffer {
  const view = Buffer.from(ARENA_BYTES.buffer, 1000, buf.length);
  assert.ok(buf.length + 1000 <= SCRATCH_AT);
  buf.copy(view);
  return view;
}

/** The fast path's bytes for `buf` read into the shared area, or null. */
function fastInArea(buf: Buffer, closeClient: boolean): string | null {
  const r = fastSmallResponse(inReadArea(buf), LIMITS, MAX_BODY, closeClient);
  return r && r.out.toString('latin1', 0, r.length);
}

function check(text: string | Buffer, closeClient = false): Buffer | null {
  const buf = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
  forgetFastMemo();
  const scanned = fastInArea(buf, closeClient);
  const remembered = fastInArea(buf, closeClient); // the same head again: answered from the memo
  assert.equal(remembered, scanned, 'the remembered head answers as the scan did');
  const fromArea = fastSmallResponse(inReadArea(buf), LIMITS, MAX_BODY, closeClient);
  const areaOut = fromArea && Buffer.from(fromArea.out.subarray(0, fromArea.length));
  const fast = fastSmallResponse(buf, LIMITS, MAX_BODY, closeClient);
  assert.equal(areaOut?.toString('latin1') ?? null, fast ? fast.out.toString('latin1', 0, fast.length) : null, 'same bytes wherever the input sits');
  if (fast) {
    const expected = generalPath(buf, closeClient);
    assert.ok(expected, `fast path accepted what the general path would not: ${JSON.stringify(buf.toString('latin1'))}`);
    assert.equal(fast.out.toString('latin1', 0, fast.length), expected.toString('latin1'));
    assert.equal(fast.status, Number(buf.toString('latin1', 9, 12)));
    return Buffer.from(fast.out.subarray(0, fast.length)); // the result is reused by the next call
  }
  return null;
}

const NODE_DEFAULT = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nDate: Thu, 26 Nov 2026 13:00:00 GMT\r\n'
  + 'Connection: keep-alive\r\nKeep-Alive: timeout=60\r\n\r\nHello, world!';

test("Node's usual response takes the fast path, with hop-by-hop fields dropped and ours added", () => {
  const out = check(NODE_DEFAULT);
  assert.equal(out?.toString('latin1'), 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: Thu, 26 Nov 2026 13:00:00 GMT\r\n'
    + 'Content-Length: 13\r\nVia: 1.1 dynodesk\r\n\r\nHello, world!');
  assert.match(check(NODE_DEFAULT, true)?.toString('latin1') ?? '', /\r\nContent-Length: 13\r\nConnection: close\r\nVia: 1\.1 dynodesk\r\n\r\n/);
});

test('common shapes are taken and match the general path byte for byte', () => {
  const taken = [
    'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n',
    'HTTP/1.1 201 \r\nX-A: 1\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 2\r\n\r\nok',
    'HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\nX-Empty: \r\nKeep-Alive: timeout=5\r\nProxy-Authenticate: x\r\nUpgrade: h2c\r\n\r\nerror',
    'HTTP/1.1 302 Found\r\nLocation: /next\r\ncontent-length: 3\r\nCONNECTION: Keep-Alive\r\n\r\nabc',
    `HTTP/1.1 200 OK\r\nContent-Length: 10000\r\n\r\n${'x'.repeat(10000)}`,
  ];
  for (const t of taken) assert.ok(check(t), t);
});

test('everything unusual is left to the general path', () => {
  const declined = [
    'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok', // HTTP/1.0 framing rules
    'HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok', // no space before the (empty) reason
    'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
    'HTTP/1.1 204 No Content\r\n\r\n',
    'HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n',
    'HTTP/1.1 200 OK\r\n\r\nuntil close',
    'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok',
    'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive, X-Secret\r\nX-Secret: 1\r\n\r\nok',
    'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nVia: 1.1 upstream\r\n\r\nok',
    'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Spaced:  two\r\n\r\nok', // not canonical: the general path rewrites it
    'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Tab:\tv\r\n\r\nok',
    'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok',
    'HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\nok',
    'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok', // body not all here yet
    'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nok', // bytes beyond the body
    'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n', // head not complete
    'HTTP/1.1 200 OK\r\nX-Bad: a\rb\r\nContent-Length: 2\r\n\r\nok',
    'HTTP/1.1 200 OK\r\nX-Bad: a\nContent-Length: 2\r\n\r\nok',
    'HTTP/1.1 200 OK\r\n Folded: x\r\nContent-Length: 2\r\n\r\nok',
    'HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: 2\r\n\r\nok',
    `HTTP/1.1 200 OK\r\nContent-Length: 20000\r\n\r\n${'x'.repeat(20000)}`, // streamed instead
  ];
  for (const t of declined) assert.equal(check(t), null, JSON.stringify(t));
  assert.equal(check(`HTTP/1.1 200 OK\r\n${'X-A: 1\r\n'.repeat(101)}Content-Length: 0\r\n\r\n`), null, 'over maxHeaders');
});

test('fuzz: mutated responses are either declined or byte-identical to the general path', () => {
  const bases = [NODE_DEFAULT, 'HTTP/1.1 302 Found\r\nLocation: /x\r\nContent-Length: 3\r\nKeep-Alive: timeout=5\r\n\r\nabc'];
  const alphabet = [13, 10, 32, 9, 58, 0, 44, 48, 49, 65, 97, 127, 255];
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  let accepted = 0;
  for (let k = 0; k < 5000; k++) {
    const bytes = [...Buffer.from(bases[k % bases.length] as string, 'latin1')];
    for (let m = 1 + rand(3); m > 0; m--) {
      const at = rand(bytes.length);
      const op = rand(3);
      if (op === 0) bytes[at] = alphabet[rand(alphabet.length)] as number;
      else if (op === 1) bytes.splice(at, 0, alphabet[rand(alphabet.length)] as number);
      else bytes.splice(at, 1);
    }
    if (check(Buffer.from(bytes), rand(2) === 1)) accepted++;
  }
  assert.ok(accepted > 100, `only ${accepted} mutants took the fast path: the comparison would prove little`);
});

test('the remembered head: only a new Date value is taken from it, checked like a scan would', () => {
  const dated = (d: string, rest = ''): string => `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: ${d}\r\n${rest}Content-Length: 2\r\nKeep-Alive: timeout=5\r\n\r\nok`;
  const first = dated('Thu, 26 Nov 2026 13:00:00 GMT');
  forgetFastMemo();
  assert.ok(fastInArea(Buffer.from(first, 'latin1'), false));
  const next = dated('Thu, 26 Nov 2026 13:00:01 GMT');
  const hits = fastMemoHits();
  const answer = fastInArea(Buffer.from(next, 'latin1'), false);
  assert.equal(fastMemoHits(), hits + 1, 'answered from the memo');
  assert.equal(answer, check(next)?.toString('latin1'));
  assert.match(fastInArea(Buffer.from(next, 'latin1'), false) ?? '', /Date: Thu, 26 Nov 2026 13:00:01 GMT\r\n/);
  // Whatever follows a remembered head, the answer is what a fresh scan gives (or both decline).
  const cases = [
    dated('Thu, 26 Nov 2026 13:00:0\r'), dated('Thu, 26 Nov 2026 13:00:0\n'), dated(' hu, 26 Nov 2026 13:00:00 GMT'),
    dated('Thu, 26 Nov 2026 13:00:00 GM\t'), dated('Thu, 26 Nov 2026 13:00:00 GM\x7f'), dated('Thu, 26 Nov 2026 13:00:00 GM\x00'),
    dated('Thu, 26 Nov 2026 13:00:00 GMT', 'X-A: 1\r\n'), dated('Thu, 26 Nov 2026 13:00:00 GMTX'), dated('Thu, 26 Nov 2026 13:00:00 GM'),
    first.replace('Content-Length: 2', 'Content-Length: 3').replace(/ok$/, 'okk'), first.replace('text/plain', 'text/plaiN'),
    first.replace('200 OK', '201 OK'), first.replace('Keep-Alive', 'Keep-Alivf'), first.replace(/ok$/, 'no'),
  ];
  for (const c of cases) {
    const buf = Buffer.from(c, 'latin1');
    forgetFastMemo();
    const fresh = fastInArea(buf, false);
    forgetFastMemo();
    assert.ok(fastInArea(Buffer.from(first, 'latin1'), false));
    assert.equal(fastInArea(buf, false), fresh, JSON.stringify(c));
  }
  // The memo is not used across a different closeClient or different limits.
  forgetFastMemo();
  assert.ok(fastInArea(Buffer.from(first, 'latin1'), false));
  assert.match(fastInArea(Buffer.from(next, 'latin1'), true) ?? '', /Connection: close\r\n/);
  const strict = fastSmallResponse(inReadArea(Buffer.from(first, 'latin1')), { maxHeaders: 2, maxHeadBytes: 16 * 1024 }, MAX_BODY, true);
  assert.equal(strict, null, 'over the stricter maxHeaders: declined, not answered from the memo');
});

test('fuzz: after a remembered head, mutated heads get exactly what a fresh scan gives', () => {
  const base = Buffer.from(NODE_DEFAULT, 'latin1');
  const alphabet = [13, 10, 32, 9, 58, 0, 44, 48, 49, 65, 97, 127, 255];
  const dateAt = NODE_DEFAULT.indexOf('Date: ') + 6;
  let seed = 777;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed >>> 12) % n; // the high bits: the low ones of this generator repeat with a short period
  };
  const hitsBefore = fastMemoHits();
  for (let k = 0; k < 5000; k++) {
    const bytes = [...base];
    for (let m = 1 + rand(2); m > 0; m--) {
      // Half the mutations hit the Date value (the part the memo lets differ), half anywhere.
      const at = rand(2) === 0 ? dateAt + rand(29) : rand(bytes.length);
      const op = rand(4);
      if (op <= 1) bytes[at] = op === 0 ? 48 + rand(10) : (alphabet[rand(alphabet.length)] as number);
      else if (op === 2) bytes.splice(at, 0, alphabet[rand(alphabet.length)] as number);
      else bytes.splice(at, 1);
    }
    const buf = Buffer.from(bytes);
    const closeClient = rand(4) === 0;
    forgetFastMemo();
    const fresh = fastInArea(buf, closeClient);
    forgetFastMemo();
    fastInArea(base, false);
    const viaMemo = fastInArea(buf, closeClient);
    assert.equal(viaMemo, fresh, JSON.stringify(buf.toString('latin1')));
  }
  const hits = fastMemoHits() - hitsBefore;
  assert.ok(hits > 500, `only ${hits} mutants were answered from the memo`);
});

test('while a queued write holds SCRATCH, answers are put together elsewhere (the memo included)', () => {
  forgetFastMemo();
  const buf = Buffer.from(NODE_DEFAULT, 'latin1');
  const scanned = fastInArea(buf, false);
  assert.equal(fastSmallResponse(inReadArea(buf), LIMITS, MAX_BODY, false)?.out, SCRATCH, 'SCRATCH when free');
  holdScratch();
  try {
    const hits = fastMemoHits();
    const held = fastSmallResponse(inReadArea(buf), LIMITS, MAX_BODY, false);
    assert.ok(held && held.out !== SCRATCH, 'not SCRATCH while it is held');
    assert.equal(fastMemoHits(), hits, 'the memo answers only into SCRATCH: it stands aside');
    assert.equal(held.out.toString('latin1', 0, held.length), scanned);
  } finally {
    releaseScratch();
  }
});
