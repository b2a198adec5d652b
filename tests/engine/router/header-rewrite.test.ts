import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientResponseHead, pickRequestId, upstreamHead, type RequestContext } from '../../../electron/engine/router/header-rewrite.js';
import { DEFAULT_LIMITS, findHeadEnd, parseRequestHead, parseResponseHead, type RequestHead } from '../../../electron/engine/router/http-head.js';

function parse<T>(text: string, isRequest: boolean, f: typeof parseRequestHead | typeof parseResponseHead): T {
  const buf = Buffer.from(text, 'latin1');
  const end = findHeadEnd(buf, 0, DEFAULT_LIMITS, isRequest);
  return f(buf, 0, end, DEFAULT_LIMITS) as T;
}

/** The dyno-bound head (the target argument documents what the head's target is). */
function upstreamRequestHead(head: RequestHead, target: string, c: RequestContext): Buffer {
  assert.equal(head.target, target);
  return Buffer.from(upstreamHead(head, c), 'latin1');
}

const ctx: RequestContext = {
  requestId: 'r'.repeat(20), startMs: 1700000000000, clientIp: '10.0.0.9', localPort: 5000, proto: 'http', defaultHost: 'app.localhost',
};

/** The header lines of a head, without the start line and the blank line. */
function lines(head: string): string[] {
  return head.split('\r\n').slice(1, -2);
}

test('request: kept lines pass in order; odd spacing is normalized; hop-by-hop, Connection-named and spoofed fields go', () => {
  const h = parse<ReturnType<typeof parseRequestHead>>(
    'POST /p HTTP/1.1\r\nHost: app.localhost\r\nX-A: 1\r\nX-Odd:  two  \r\nConnection: keep-alive, X-Secret\r\n'
    + 'X-Secret: s\r\nX-Request-Start: 1\r\nX-Forwarded-For: 1.2.3.4\r\nVia: 1.0 edge\r\nX-Empty:\r\nContent-Length: 3\r\nX-Z: z\r\n\r\n',
    true, parseRequestHead);
  const out = upstreamRequestHead(h, '/p', ctx).toString('latin1');
  assert.ok(out.startsWith('POST /p HTTP/1.1\r\n'));
  assert.ok(out.endsWith('\r\n\r\n'));
  assert.deepEqual(lines(out), [
    'Host: app.localhost', 'X-A: 1', 'X-Odd: two', 'X-Empty: ', 'X-Z: z', 'Content-Length: 3',
    `X-Request-Id: ${ctx.requestId}`, `X-Request-Start: ${ctx.startMs}`, 'X-Forwarded-For: 1.2.3.4, 10.0.0.9',
    'X-Forwarded-Proto: http', 'X-Forwarded-Port: 5000', 'Via: 1.0 edge, 1.1 dynodesk',
  ]);
});

test('request: an HTTP/1.0 head without Host gets the app\'s, and a body length and upgrade are written by the router', () => {
  const h = parse<ReturnType<typeof parseRequestHead>>('PUT /x HTTP/1.0\r\nContent-Length: 12345678901\r\nX-A: 1\r\n\r\n', true, parseRequestHead);
  const out = upstreamRequestHead(h, '/x', { ...ctx, defaultHost: 'shop.localhost' }).toString('latin1');
  assert.ok(out.startsWith('PUT /x HTTP/1.1\r\nHost: shop.localhost\r\nX-A: 1\r\nContent-Length: 12345678901\r\n'), out);
  const ws = parse<ReturnType<typeof parseRequestHead>>(
    'GET /ws HTTP/1.1\r\nHost: a.localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nVia: 1.1 a, 1.1 b\r\nVia: 2 c\r\n\r\n', true, parseRequestHead);
  assert.equal(ws.websocket, true);
  const wsOut = upstreamRequestHead(ws, '/ws', ctx).toString('latin1');
  assert.match(wsOut, /^GET \/ws HTTP\/1\.1\r\nHost: a\.localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nX-Request-Id: /);
  assert.ok(wsOut.endsWith('\r\nVia: 1.1 a, 1.1 b, 2 c, 1.1 dynodesk\r\n\r\n'), wsOut);
});

test('request: a head with only canonical lines and nothing stripped is forwarded with the router fields appended', () => {
  const h = parse<ReturnType<typeof parseRequestHead>>('GET / HTTP/1.1\r\nHost: a.localhost\r\nAccept: */*\r\n\r\n', true, parseRequestHead);
  assert.deepEqual(lines(upstreamRequestHead(h, '/', ctx).toString('latin1')).slice(0, 3), ['Host: a.localhost', 'Accept: */*', `X-Request-Id: ${ctx.requestId}`]);
});

test('request id: the client\'s when valid, else a fresh UUID each time', () => {
  const withId = parse<ReturnType<typeof parseRequestHead>>(`GET / HTTP/1.1\r\nHost: a.localhost\r\nX-Request-Id: ${'a'.repeat(20)}\r\n\r\n`, true, parseRequestHead);
  assert.equal(pickRequestId(withId), 'a'.repeat(20));
  const without = parse<ReturnType<typeof parseRequestHead>>('GET / HTTP/1.1\r\nHost: a.localhost\r\nX-Request-Id: short\r\n\r\n', true, parseRequestHead);
  const first = pickRequestId(without);
  assert.match(first, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(pickRequestId(without), first);
});

test('request: an absolute-form target is sent in origin-form, with Host replaced by the target\'s authority (RFC 9112 §3.2.2)', () => {
  const h = parse<ReturnType<typeof parseRequestHead>>(
    'GET http://app.localhost:7400/x?y=1 HTTP/1.1\r\nHost: spy.localhost\r\nAccept: */*\r\n\r\n', true, parseRequestHead);
  assert.equal(h.host, 'app.localhost:7400');
  const out = upstreamRequestHead(h, '/x?y=1', ctx).toString('latin1');
  assert.ok(out.startsWith('GET /x?y=1 HTTP/1.1\r\nHost: app.localhost:7400\r\nAccept: */*\r\n'), out);
  assert.equal(out.match(/^Host:/gim)?.length, 1);
  assert.ok(!out.includes('spy'));
  const bare = parse<ReturnType<typeof parseRequestHead>>('GET http://app.localhost HTTP/1.1\r\nHost: x\r\n\r\n', true, parseRequestHead);
  assert.equal(bare.target, '/');
});

test('request: the closing fields follow each client address, port and arrival time; long lines are copied whole', () => {
  const cookie = `Cookie: ${'k=v; '.repeat(60)}end`;
  const h = parse<ReturnType<typeof parseRequestHead>>(
    `GET /long HTTP/1.1\r\nHost: a.localhost\r\n${cookie}\r\nX-Odd:  v\r\n${'X-Pad: p\r\n'.repeat(12)}\r\n`, true, parseRequestHead);
  const clients = [
    { ...ctx }, { ...ctx, clientIp: '192.168.1.20', localPort: 7400, startMs: ctx.startMs + 1 },
    { ...ctx, startMs: ctx.startMs + 2 }, { ...ctx, localPort: 5001, startMs: ctx.startMs + 2 },
  ];
  for (const c of clients) {
    const target = '/long';
    const out = upstreamRequestHead(h, target, c).toString('latin1');
    assert.ok(out.startsWith(`GET ${target} HTTP/1.1\r\n`), out.slice(0, 200));
    assert.deepEqual(lines(out), [
      'Host: a.localhost', cookie, 'X-Odd: v', ...Array<string>(12).fill('X-Pad: p'),
      `X-Request-Id: ${c.requestId}`, `X-Request-Start: ${c.startMs}`, `X-Forwarded-For: ${c.clientIp}`,
        'X-Forwarded-Proto: http', `X-Forwarded-Port: ${c.localPort}`, 'Via: 1.1 dynodesk',
    ]);
  }
  const tls = upstreamRequestHead(h, '/long', { ...ctx, proto: 'https', localPort: 7443 }).toString('latin1');
  assert.ok(tls.includes('\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Port: 7443\r\n'));
});

test('response: Set-Cookie lines stay separate, framing and hop-by-hop fields are the router\'s, Via is merged', () => {
  const r = parse<ReturnType<typeof parseResponseHead>>(
    'HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nContent-Length: 5\r\nSet-Cookie: b=2\r\nConnection: keep-alive\r\n'
    + 'Keep-Alive: timeout=5\r\nVia:1.1 inner\r\nX-Tab:\tv\r\nDate: today\r\n\r\n',
    false, parseResponseHead);
  const out = clientResponseHead(r, 'length', false, false);
  assert.ok(out.startsWith('HTTP/1.1 200 OK\r\n'));
  assert.deepEqual(lines(out), ['Set-Cookie: a=1', 'Set-Cookie: b=2', 'X-Tab: v', 'Date: today', 'Content-Length: 5', 'Via: 1.1 inner, 1.1 dynodesk']);
  assert.deepEqual(lines(clientResponseHead(r, 'chunked', true, false)).slice(-3), ['Transfer-Encoding: chunked', 'Connection: close', 'Via: 1.1 inner, 1.1 dynodesk']);
});
