// Routing and header rules against a real echo dyno.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import {
  RawClient, collectLogs, header, headerAll, request, routeApp, startDyno, startTestRouter, waitFor,
  type Dyno, type Router,
} from './helpers.js';
import { askOsForPort as freePort } from '../../../electron/engine/dynos/port-allocator.js';

let dyno: Dyno;
let router: Router;
let appPort: number;
let logs: ReturnType<typeof collectLogs>;

interface Echo {
  dyno: string; method: string; url: string; httpVersion: string; rawHeaders: string[]; bytes: number; body: string;
}

function echoed(r: { body: Buffer }): Echo {
  return JSON.parse(r.body.toString()) as Echo;
}

function seen(e: Echo, name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < e.rawHeaders.length; i += 2) {
    if ((e.rawHeaders[i] as string).toLowerCase() === name.toLowerCase()) out.push(e.rawHeaders[i + 1] as string);
  }
  return out;
}


before(async () => {
  dyno = await startDyno('web.1');
  router = await startTestRouter();
  logs = collectLogs(router);
  appPort = await freePort();
  await router.setTable([routeApp('app', [dyno], {}, appPort)]);
});

after(async () => {
  logs.stop();
  await router.stop();
  await dyno.stop();
});

test('adds Heroku headers and passes the request through', async () => {
  const r = await request(router.port, { path: '/x?y=1', headers: { 'X-Forwarded-For': '10.1.1.1', Via: '1.0 corp' } });
  assert.equal(r.status, 200);
  const e = echoed(r);
  assert.equal(e.url, '/x?y=1');
  assert.deepEqual(seen(e, 'host'), ['app.localhost']);
  assert.match(seen(e, 'x-request-id')[0] ?? '', /^[0-9a-f-]{36}$/);
  const start = Number(seen(e, 'x-request-start')[0]);
  assert.ok(Math.abs(Date.now() - start) < 60_000);
  assert.deepEqual(seen(e, 'x-forwarded-for'), ['10.1.1.1, 127.0.0.1']);
  assert.deepEqual(seen(e, 'x-forwarded-proto'), ['http']);
  assert.deepEqual(seen(e, 'x-forwarded-port'), [String(router.port)]);
  assert.deepEqual(seen(e, 'via'), ['1.0 corp, 1.1 dynodesk']);
  assert.equal(header(r, 'via'), '1.1 dynodesk');
});

test('X-Request-Id: the client\'s is kept only if 20-200 chars of [A-Za-z0-9+=/-]', async () => {
  const good = 'abcDEF0123456789+=/-xyz';
  assert.deepEqual(seen(echoed(await request(router.port, { headers: { 'X-Request-Id': good } })), 'x-request-id'), [good]);
  for (const bad of ['short', 'a'.repeat(201), `${'a'.repeat(25)}!`, `${'a'.repeat(25)}_`]) {
    const ids = seen(echoed(await request(router.port, { headers: { 'X-Request-Id': bad } })), 'x-request-id');
    assert.equal(ids.length, 1);
    assert.notEqual(ids[0], bad);
  }
});

test('client cannot spoof router-set headers', async () => {
  const e = echoed(await request(router.port, {
    headers: { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Port': '443', 'X-Request-Start': '1' },
  }));
  assert.deepEqual(seen(e, 'x-forwarded-proto'), ['http']);
  assert.deepEqual(seen(e, 'x-forwarded-port'), [String(router.port)]);
  assert.notDeepEqual(seen(e, 'x-request-start'), ['1']);
});

test('hop-by-hop headers and those named in Connection are stripped (request)', async () => {
  const e = echoed(await request(router.port, {
    headers: [['Connection', 'keep-alive, X-Secret'], ['X-Secret', 's'], ['Keep-Alive', 'timeout=5'], ['TE', 'trailers'],
      ['Proxy-Authorization', 'Basic x'], ['Upgrade', 'h2c'], ['X-Kept', 'k']],
  }));
  for (const h of ['connection', 'x-secret', 'keep-alive', 'te', 'proxy-authorization', 'upgrade']) {
    assert.deepEqual(seen(e, h), [], h);
  }
  assert.deepEqual(seen(e, 'x-kept'), ['k']);
});

test('hop-by-hop headers and those named in Connection are stripped (response)', async () => {
  const r = await request(router.port, { path: '/hop' });
  assert.equal(r.status, 200);
  assert.equal(header(r, 'x-secret'), undefined);
  assert.equal(header(r, 'keep-alive'), undefined);
  assert.equal(header(r, 'x-kept'), 'yes');
  assert.equal(r.body.toString(), 'ok');
});

test('a client that pipelines without reading gets every response intact, and the router does not run ahead of it', async () => {
  // /hop's Connection header sends each response through the general path's one-write branch, which
  // assembles it in SCRATCH: queued copies must survive the next response being assembled there.
  const count = 400;
  const pad = 12_000;
  const before = router.stats('app').requests;
  const s = connect({ port: router.port, host: '127.0.0.1' });
  await new Promise<void>((resolve) => s.once('connect', resolve));
  s.pause();
  s.write(Array.from({ length: count }, (_, i) => `GET /hop?n=${i}&pad=${pad} HTTP/1.1\r\nHost: app.localhost\r\n\r\n`).join(''));
  // 4.8 MB of answers is more than the socket buffers take: the router must stop and wait for the client.
  let last = -1;
  const stalled = await waitFor('the router to stop answering an unread client', async () => {
    const now = router.stats('app').requests - before;
    const same = now === last && now > 0;
    last = now;
    await new Promise((r) => setTimeout(r, 300));
    return same ? now : 0;
  }, 20_000);
  assert.ok(stalled < count, `answered ${stalled} of ${count} requests nobody read`);
  let got = Buffer.alloc(0);
  s.on('data', (d: Buffer) => (got = Buffer.concat([got, d])));
  s.resume();
  const bodies: string[] = [];
  await waitFor('all responses', () => {
    while (bodies.length < count) {
      const end = got.indexOf('\r\n\r\n');
      if (end === -1) return false;
      const head = got.toString('latin1', 0, end);
      const len = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1]);
      if (got.length < end + 4 + len) return false;
      assert.match(head, /^HTTP\/1\.1 200 /);
      assert.ok(!/x-secret/i.test(head), head);
      bodies.push(got.toString('latin1', end + 4, end + 4 + len));
      got = got.subarray(end + 4 + len);
    }
    return true;
  }, 30_000);
  s.destroy();
  assert.equal(bodies.length, count);
  bodies.forEach((b, i) => assert.equal(b, `ok:${i}:${'p'.repeat(pad)}`, `response ${i}`));
});

test('multiple Set-Cookie headers pass intact', async () => {
  const r = await request(router.port, { path: '/cookies' });
  assert.deepEqual(headerAll(r, 'set-cookie'), ['a=1; Path=/', 'b=2; Path=/; HttpOnly']);
});

test('host routing: case, port, trailing dot; unknown host → 404 page', async () => {
  for (const host of ['APP.localhost', `app.localhost:${router.port}`, 'app.localhost.']) {
    assert.equal((await request(router.port, { host })).status, 200, host);
  }
  const r = await request(router.port, { host: 'nope.localhost' });
  assert.equal(r.status, 404);
  assert.match(r.body.toString(), /no such app/i);
  assert.equal((await request(router.port, { host: 'localhost' })).status, 404);
});

test('app port routes to the app for any local Host (whatever its app name), and without one (HTTP/1.0)', async () => {
  for (const host of [`127.0.0.1:${appPort}`, 'localhost', 'other.localhost', '[::1]:80', '127.1.2.3']) {
    assert.equal(echoed(await request(appPort, { host })).dyno, 'web.1', host);
  }
  const c = new RawClient(appPort);
  c.write('GET /plain HTTP/1.0\r\n\r\n');
  const r = await c.response();
  c.close();
  assert.equal(r.status, 200);
  assert.equal(echoed(r).url, '/plain');
  assert.equal(r.closed, true);
});

test('absolute-form targets route by their authority and reach the dyno in origin-form', async () => {
  const e = echoed(await request(router.port, { path: 'http://app.localhost/abs?q=1', host: 'other.localhost' }));
  assert.equal(e.url, '/abs?q=1');
});

test('keep-alive: many requests on one connection, and pipelined requests answered in order', async () => {
  const c = new RawClient(router.port);
  for (let i = 0; i < 5; i++) {
    c.write(`GET /seq/${i} HTTP/1.1\r\nHost: app.localhost\r\n\r\n`);
    assert.equal(echoed(await c.response()).url, `/seq/${i}`);
  }
  c.write([0, 1, 2].map((i) => `GET /pipe/${i} HTTP/1.1\r\nHost: app.localhost\r\n\r\n`).join(''));
  for (let i = 0; i < 3; i++) assert.equal(echoed(await c.response()).url, `/pipe/${i}`);
  c.close();
});

test('bodies: Content-Length and chunked uploads, HEAD, until-close responses, 100-continue', async () => {
  const e = echoed(await request(router.port, { method: 'POST', body: 'hello body' }));
  assert.equal(e.body, 'hello body');
  const c = new RawClient(router.port);
  c.write('POST /chunked HTTP/1.1\r\nHost: app.localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n');
  const ce = echoed(await c.response());
  assert.equal(ce.body, 'hello world');
  assert.deepEqual(seen(ce, 'transfer-encoding'), ['chunked']);
  c.write('HEAD /head HTTP/1.1\r\nHost: app.localhost\r\n\r\n');
  const h = await c.response({ head: true });
  assert.equal(h.status, 200);
  assert.ok(Number(header(h, 'content-length')) > 0);
  c.write('GET /until-close HTTP/1.1\r\nHost: app.localhost\r\n\r\n');
  const u = await c.response();
  assert.equal(u.body.toString(), 'until close body');
  assert.equal(u.closed, true);
  c.close();

  const x = new RawClient(router.port);
  x.write('POST /expect HTTP/1.1\r\nHost: app.localhost\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n');
  const cont = await x.response();
  assert.equal(cont.status, 100);
  x.write('data');
  assert.equal(echoed(await x.response()).body, 'data');
  x.close();
});

test('HTTP/1.0 client gets a de-chunked body and a closed connection', async () => {
  const c = new RawClient(router.port);
  c.write('GET /stream?bytes=100000 HTTP/1.0\r\nHost: app.localhost\r\n\r\n');
  const r = await c.response();
  c.close();
  assert.equal(r.status, 200);
  assert.equal(header(r, 'transfer-encoding'), undefined);
  assert.equal(r.body.length, 100_000);
});

test('router log lines in Heroku format', async () => {
  await request(router.port, { path: '/logged', headers: { 'X-Request-Id': 'r'.repeat(24) } });
  await waitFor('log line', () => logs.lines.some((l) => l.includes('path="/logged"')));
  const line = logs.lines.find((l) => l.includes('path="/logged"')) as string;
  assert.match(line, /^app at=info method=GET path="\/logged" host=app\.localhost request_id=r{24} fwd="127\.0\.0\.1" dyno=web\.1 connect=\d+ms service=\d+ms status=200 bytes=\d+ protocol=http$/);
});

test('fresh request ids: a new one per request on a keep-alive connection, the same in the dyno\'s header and the log line', async () => {
  const c = new RawClient(router.port);
  const ids: string[] = [];
  for (const path of ['/id-1', '/id-2', '/id-3']) {
    c.write(`GET ${path} HTTP/1.1\r\nHost: app.localhost\r\n\r\n`);
    const r = await c.response();
    ids.push(seen(echoed(r), 'x-request-id')[0] ?? '');
  }
  c.close();
  assert.equal(new Set(ids).size, 3, ids.join(' '));
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  await waitFor('log lines', () => ['/id-1', '/id-2', '/id-3'].every((p) => logs.lines.some((l) => l.includes(`path="${p}"`))));
  ids.forEach((id, i) => {
    const line = logs.lines.find((l) => l.includes(`path="/id-${i + 1}"`)) as string;
    assert.ok(line.includes(` request_id=${id} `), line);
  });
});

test('stats: per app and per dyno, in the AppStats shape', async () => {
  for (let i = 0; i < 5; i++) await request(router.port, { path: '/s' });
  await waitFor('stats', () => router.stats('app').requests >= 5 && router.stats('app').openConnections === 0);
  const s = router.stats('app');
  assert.ok(s.statuses['2xx'] >= 5);
  assert.ok(s.latencyMs.p50 > 0 && s.latencyMs.p99 >= s.latencyMs.p50);
  assert.ok(s.bytesIn > 0 && s.bytesOut > 0);
  const d = s.dynos['web.1'];
  assert.ok(d && d.requests >= 5 && d.share > 0.5, JSON.stringify(s));
  assert.deepEqual(Object.keys(s.rps).sort(), ['10s', '1s', '60s']);
  assert.deepEqual(router.stats('unknown').requests, 0);
});

test('never forwards to forbidden ports or to itself', async () => {
  const r2 = await startTestRouter({ forbiddenPorts: [dyno.port] });
  try {
    await r2.setTable([routeApp('app', [dyno]), { ...routeApp('loop', []), dynos: [{ name: 'web.1', port: r2.port, state: 'up' }] }]);
    assert.equal((await request(r2.port)).status, 503);
    assert.equal((await request(r2.port, { host: 'loop.localhost' })).status, 503);
  } finally {
    await r2.stop();
  }
});

test('setTable rejects malformed tables with a clear error', async () => {
  await assert.rejects(async () => router.setTable([{ ...routeApp('app', []), dynos: [{ name: 'web.1', port: 70000, state: 'up' }] }]),
    /invalid port 70000/);
  await assert.rejects(async () => router.setTable([routeApp('Bad Name', [])]), /invalid app name/);
  await router.setTable([routeApp('app', [dyno], {}, appPort)]);
});
