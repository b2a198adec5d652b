import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LIMITS, HeadError, findHeadEnd, parseRequestHead, parseResponseHead } from '../../../electron/engine/router/http-head.js';
import { valueEnd } from '../../../electron/engine/router/header-fields.js';

function req(text: string) {
  const buf = Buffer.from(text, 'latin1');
  const end = findHeadEnd(buf, 0, DEFAULT_LIMITS, true);
  assert.notEqual(end, -1, 'head should be complete');
  return parseRequestHead(buf, 0, end, DEFAULT_LIMITS);
}

function reqStatus(text: string): number {
  try {
    req(text);
    return 0;
  } catch (e) {
    if (e instanceof HeadError) return e.status;
    throw e;
  }
}

test('parses a simple request head', () => {
  const h = req('GET /a?b=1 HTTP/1.1\r\nHost: app.localhost\r\nX-A:  spaced value \t\r\n\r\n');
  assert.equal(h.method, 'GET');
  assert.equal(h.target, '/a?b=1');
  assert.equal(h.minor, 1);
  assert.equal(h.host, 'app.localhost');
  assert.deepEqual(h.headers.map((x) => [x.name, x.value]), [['Host', 'app.localhost'], ['X-A', 'spaced value']]);
  assert.equal(h.contentLength, -1);
  assert.equal(h.chunked, false);
});

test('framing fields: Content-Length, chunked, websocket', () => {
  assert.equal(req('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 012\r\n\r\n').contentLength, 12);
  assert.equal(req('POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n').chunked, true);
  const ws = req('GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n\r\n');
  assert.equal(ws.websocket, true);
  assert.deepEqual(ws.connection, ['keep-alive', 'upgrade']);
  assert.equal(req('GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n').websocket, false);
});

test('HTTP/1.0 may omit Host; HTTP/1.1 may not', () => {
  assert.equal(req('GET / HTTP/1.0\r\n\r\n').host, null);
  assert.equal(reqStatus('GET / HTTP/1.1\r\n\r\n'), 400);
});

test('rejections carry the right status', () => {
  assert.equal(reqStatus('GET / HTTP/2.0\r\nHost: a\r\n\r\n'), 505);
  // A non-breaking space is not optional whitespace: String.trim() would make this "chunked".
  assert.equal(reqStatus('POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \xa0chunked\r\n\r\n'), 400);
  assert.equal(reqStatus('GET http://u@a.localhost/ HTTP/1.1\r\nHost: a\r\n\r\n'), 400);
  assert.equal(reqStatus('GET http:///x HTTP/1.1\r\nHost: a\r\n\r\n'), 400);
  assert.equal(reqStatus('POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n'), 501);
  assert.equal(reqStatus('POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n'), 400);
  assert.equal(reqStatus('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n'), 400);
  assert.equal(reqStatus('GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'), 400);
  assert.equal(reqStatus('GET / HTTP/1.1\r\nHost: a b\r\n\r\n'), 400);
  assert.equal(reqStatus('GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n'), 400);
  assert.equal(reqStatus('GET / HTTP/1.1\r\nHost : a\r\n\r\n'), 400);
  assert.equal(reqStatus('GET  / HTTP/1.1\r\nHost: a\r\n\r\n'), 400);
  assert.equal(reqStatus('GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n'), 400);
  assert.equal(reqStatus('GET noslash HTTP/1.1\r\nHost: a\r\n\r\n'), 400);
});

test('head limits: bare LF fails fast, long request lines 414, header lines over 8,192 bytes and big heads 431', () => {
  assert.throws(() => findHeadEnd(Buffer.from('GET / HTTP/1.1\nHost: a\n'), 0, DEFAULT_LIMITS, true), { status: 400 });
  const longLine = Buffer.from(`GET /${'a'.repeat(9000)}`);
  assert.throws(() => findHeadEnd(longLine, 0, DEFAULT_LIMITS, true), { status: 414 });
  const completeLongLine = Buffer.from(`GET /${'a'.repeat(9000)} HTTP/1.1\r\nHost: a\r\n\r\n`);
  assert.throws(() => findHeadEnd(completeLongLine, 0, DEFAULT_LIMITS, true), { status: 414 });
  const longHeadShortLine = Buffer.from(`GET / HTTP/1.1\r\nHost: a\r\nX-Pad: ${'p'.repeat(9000)}\r\n\r\n`);
  assert.equal(findHeadEnd(longHeadShortLine, 0, DEFAULT_LIMITS, true), longHeadShortLine.length);
  assert.equal(reqStatus(longHeadShortLine.toString('latin1')), 431);
  // 8,192 bytes per line, CRLF included, as on Heroku
  const line = (n: number): string => `X-Pad: ${'p'.repeat(n - 9)}\r\n`;
  assert.equal(reqStatus(`GET / HTTP/1.1\r\nHost: a\r\n${line(8192)}\r\n`), 0);
  assert.equal(reqStatus(`GET / HTTP/1.1\r\nHost: a\r\n${line(8193)}\r\n`), 431);
  const big = Buffer.from(`GET / HTTP/1.1\r\n${'X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n'.repeat(2000)}`);
  assert.throws(() => findHeadEnd(big, 0, DEFAULT_LIMITS, true), { status: 431 });
  const many = `GET / HTTP/1.1\r\nHost: a\r\n${'X: y\r\n'.repeat(120)}\r\n`;
  assert.equal(reqStatus(many), 431);
  assert.equal(findHeadEnd(Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n'), 0, DEFAULT_LIMITS, true), -1);
});

test('response heads: framing and interim statuses', () => {
  const parse = (t: string) => {
    const b = Buffer.from(t, 'latin1');
    return parseResponseHead(b, 0, findHeadEnd(b, 0, DEFAULT_LIMITS, false), DEFAULT_LIMITS);
  };
  const r = parse('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n');
  assert.equal(r.status, 200);
  assert.equal(r.contentLength, 5);
  assert.equal(r.headers.filter((h) => h.lower === 'set-cookie').length, 2);
  assert.equal(parse('HTTP/1.1 200\r\nTransfer-Encoding: chunked\r\n\r\n').chunked, true);
  assert.equal(parse('HTTP/1.0 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n').untilClose, true);
  assert.equal(parse('HTTP/1.1 100 Continue\r\n\r\n').status, 100);
  assert.throws(() => parse('HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n'), HeadError);
  assert.throws(() => parse('HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n'), HeadError);
  assert.throws(() => parse('HTTX/1.1 200 OK\r\n\r\n'), HeadError);
});

test('field values: every byte but the controls (HTAB aside) and DEL, as RFC 9110 §5.5 allows', () => {
  for (let c = 0; c < 256; c++) {
    const allowed = c === 9 || (c >= 32 && c <= 126) || c >= 128;
    const buf = Buffer.from([65, c, 66]);
    assert.equal(valueEnd(buf, 0, 3), allowed ? 3 : 1, `byte ${c}`);
  }
  assert.equal(valueEnd(Buffer.from('abc'), 1, 2), 2, 'stops at `to`');
});

test('the end of a head is found wherever CR and LF fall (the scan skips ahead by what it saw)', () => {
  // Pieces without a bare LF, so findHeadEnd never rejects: the answer must be indexOf's.
  const pieces = ['\r\n', '\r', 'A', ' ', '\r\n\r', 'AB'];
  let seed = 7;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed >>> 12) % n;
  };
  let found = 0;
  for (let k = 0; k < 20000; k++) {
    let text = '';
    for (let m = rand(24); m > 0; m--) text += pieces[rand(pieces.length)];
    const buf = Buffer.from(text, 'latin1');
    let start = rand(buf.length + 1);
    if (buf[start] === 10) start++; // not between a CR and its LF (a head cannot start with LF)
    const at = buf.indexOf('\r\n\r\n', start);
    assert.equal(findHeadEnd(buf, start, DEFAULT_LIMITS, false), at === -1 ? -1 : at + 4, JSON.stringify([text, start]));
    if (at !== -1) found++;
  }
  assert.ok(found > 2000, `only ${found} inputs held a head end`);
});
