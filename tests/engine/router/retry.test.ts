// Retry rules: connect failures and stale pooled sockets are retried once on another dyno; nothing
// that may have reached a dyno is replayed unless it is idempotent and no response byte came back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { RawClient, collectLogs, request, routeApp, startDyno, startTestRouter, waitFor, type Dyno, type Router } from './helpers.js';

/**
 * A raw TCP "dyno" living in the test process: counts the requests it sees and answers per `mode`.
 *  - 'drop':    closes without a response
 *  - 'partial': sends part of a status line, then closes
 *  - 'stale':   answers the first request on a connection (keep-alive), drops the connection on the next
 */
interface Tap { port: number; requests: number; server: Server; close(): Promise<void> }

function tap(mode: 'drop' | 'partial' | 'stale'): Promise<Tap> {
  const sockets = new Set<Socket>();
  const t = { port: 0, requests: 0 } as Tap;
  t.server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    let seen = '';
    let onThis = 0;
    s.on('data', (d: Buffer) => {
      seen += d.toString('latin1');
      let i: number;
      while ((i = seen.indexOf('\r\n\r\n')) !== -1) {
        const head = seen.slice(0, i);
        const cl = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (seen.length < i + 4 + cl) return;
        seen = seen.slice(i + 4 + cl);
        t.requests++;
        onThis++;
        if (mode === 'drop' || (mode === 'stale' && onThis > 1)) {
          s.destroy();
          return;
        }
        if (mode === 'partial') {
          s.end('HTTP/1.1 2');
          return;
        }
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfresh');
      }
    });
  });
  return new Promise((resolve) => t.server.listen(0, '127.0.0.1', () => {
    const a = t.server.address();
    t.port = typeof a === 'object' && a ? a.port : 0;
    t.close = () => new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      t.server.close(() => r());
    });
    resolve(t);
  }));
}

let router: Router;
let echo: Dyno;
let logs: ReturnType<typeof collectLogs>;

before(async () => {
  router = await startTestRouter();
  logs = collectLogs(router);
  echo = await startDyno('web.2');
});

after(async () => {
  logs.stop();
  await router.stop();
  await echo.stop();
});

test('connect failure is retried on another dyno, for any method; a dead dyno is ejected', async () => {
  const dead = await startDyno('web.1');
  await dead.stop(); // its port now refuses connections
  await router.setTable([routeApp('app', [dead, echo])]);
  for (let i = 0; i < 6; i++) {
    const r = await request(router.port, { method: i % 2 ? 'POST' : 'GET', body: i % 2 ? 'payload' : undefined });
    assert.equal(r.status, 200);
    assert.equal((JSON.parse(r.body.toString()) as { dyno: string }).dyno, 'web.2');
  }
  // web.1 never served anything, and is out of rotation after repeated failures: no retries needed.
  await waitFor('stats', () => (router.stats('app').dynos['web.2']?.requests ?? 0) >= 6);
  assert.equal(router.stats('app').dynos['web.1']?.requests ?? 0, 0);
});

test('idempotent request, no response byte: retried once on another dyno, then H13', async () => {
  const a = await tap('drop');
  const b = await tap('drop');
  try {
    await router.setTable([{ ...routeApp('app', []), dynos: [{ name: 'web.1', port: a.port, state: 'up' }, { name: 'web.2', port: b.port, state: 'up' }] }]);
    const r = await request(router.port, { path: '/idem' });
    assert.equal(r.status, 503);
    assert.equal(a.requests + b.requests, 2);
    assert.equal(a.requests, 1);
  } finally {
    await a.close();
    await b.close();
  }
});

test('non-idempotent request that reached a dyno is never replayed', async () => {
  const a = await tap('drop');
  const b = await tap('drop');
  try {
    await router.setTable([{ ...routeApp('app', []), dynos: [{ name: 'web.1', port: a.port, state: 'up' }, { name: 'web.2', port: b.port, state: 'up' }] }]);
    const r = await request(router.port, { method: 'POST', path: '/post', body: 'x' });
    assert.equal(r.status, 503);
    assert.equal(a.requests + b.requests, 1);
    await waitFor('log', () => logs.lines.some((l) => l.includes('path="/post"')));
    assert.match(logs.lines.find((l) => l.includes('path="/post"')) as string, /code=H13/);
  } finally {
    await a.close();
    await b.close();
  }
});

test('no replay once a response byte arrived', async () => {
  const a = await tap('partial');
  const b = await tap('partial');
  try {
    await router.setTable([{ ...routeApp('app', []), dynos: [{ name: 'web.1', port: a.port, state: 'up' }, { name: 'web.2', port: b.port, state: 'up' }] }]);
    assert.equal((await request(router.port, { path: '/partial' })).status, 503);
    assert.equal(a.requests + b.requests, 1);
  } finally {
    await a.close();
    await b.close();
  }
});

test('a stale pooled connection is retried transparently', async () => {
  const a = await tap('stale');
  try {
    await router.setTable([{ ...routeApp('app', []), dynos: [{ name: 'web.1', port: a.port, state: 'up' }] }]);
    const c = new RawClient(router.port);
    for (let i = 0; i < 4; i++) {
      c.write('GET /stale HTTP/1.1\r\nHost: app.localhost\r\n\r\n');
      const r = await c.response();
      assert.equal(r.status, 200);
      assert.equal(r.body.toString(), 'fresh');
    }
    c.close();
    // requests 2..4 each hit a stale pooled socket first, then a fresh one
    assert.equal(a.requests, 7);
  } finally {
    await a.close();
  }
});
