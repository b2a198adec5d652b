// Heroku's H-codes, each triggered for real with short timeouts: H10 (a dyno that crashes), H14 only
// with no web dynos in the formation, H17, H18, H19, H21, and the timeout windows (H12 counts from
// the end of the request body; H15 is a rolling idle window once the response started).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import {
  FIXTURES, RawClient, request, routeApp, routerWithDyno, startDyno, waitFor, type Dyno, type Router, type RouterWithDyno,
} from './helpers.js';

let setup: RouterWithDyno;
let router: Router;
let echo: Dyno;

before(async () => {
  setup = await routerWithDyno({ requestTimeoutMs: 600, idleTimeoutMs: 900, bootTimeoutMs: 5_000, connectTimeoutMs: 400 });
  ({ router, dyno: echo } = setup);
});

after(() => setup.stop());

/** A raw TCP dyno in the test process: `onRequest` gets each connection once a request head arrived. */
async function tap(onRequest: (s: Socket) => void): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    let seen = '';
    s.on('data', (d: Buffer) => {
      const first = !seen.includes('\r\n\r\n');
      seen += d.toString('latin1');
      if (first && seen.includes('\r\n\r\n')) onRequest(s);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  return {
    port: typeof a === 'object' && a ? a.port : 0,
    close: () => new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}

const logLine = (path: string): Promise<string> => setup.logs.line(path);

const up = (port: number): { name: string; port: number; state: 'up' } => ({ name: 'web.1', port, state: 'up' });

test('H10 at once when the only web dyno crashes, also for a request held while it was booting', async () => {
  // A real dyno process that crashes right after it starts; the table follows it as the engine would.
  const proc: ChildProcess = spawn(process.execPath, [`${FIXTURES}dyno-crash/crash.cjs`], { env: { ...process.env, PORT: '0', DYNO: 'web.1' }, stdio: 'ignore' });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  await router.setTable([{ ...routeApp('crashy', []), webQuantity: 1, dynos: [{ name: 'web.1', port: 1, state: 'starting' }] }]);
  const t0 = Date.now();
  const held = request(router.port, { host: 'crashy.localhost', path: '/held' });
  await waitFor('request held', () => router.stats('crashy').openConnections === 1);
  await exited;
  await router.setTable([{ ...routeApp('crashy', []), webQuantity: 1, dynos: [{ name: 'web.1', port: null, state: 'crashed' }] }]);
  const r = await held;
  assert.equal(r.status, 503);
  assert.ok(Date.now() - t0 < 4_000, 'answered when the dyno crashed, not at the boot timeout');
  assert.match(r.body.toString(), /Application error/);
  assert.match(await logLine('/held'), /at=error code=H10 desc="App crashed" .* status=503 /);
  assert.equal((await request(router.port, { host: 'crashy.localhost', path: '/after' })).status, 503);
  assert.match(await logLine('/after'), /code=H10/);
});

test('H14 only when the formation has no web dynos; dynos between states are waited for', async () => {
  await router.setTable([
    { ...routeApp('zero', []), webQuantity: 0, dynos: [{ name: 'web.1', port: echo.port, state: 'stopping' }] },
    { ...routeApp('restarting', []), webQuantity: 1, dynos: [{ name: 'web.1', port: echo.port, state: 'stopping' }] },
  ]);
  assert.equal((await request(router.port, { host: 'zero.localhost', path: '/zero' })).status, 503);
  assert.match(await logLine('/zero'), /code=H14/);
  const waiting = request(router.port, { host: 'restarting.localhost', path: '/restarting' });
  await waitFor('request held', () => router.stats('restarting').openConnections === 1);
  await router.setTable([{ ...routeApp('restarting', []), webQuantity: 1, dynos: [{ name: 'web.1', port: echo.port, state: 'up' }] }]);
  assert.equal((await waiting).status, 200);
});

test('H21 when the dyno refuses the connection (after trying another up dyno)', async () => {
  const dead = await startDyno('web.2');
  await dead.stop();
  await router.setTable([{ ...routeApp('refused', []), dynos: [{ name: 'web.2', port: dead.port, state: 'up' }] }]);
  assert.equal((await request(router.port, { host: 'refused.localhost', path: '/refused' })).status, 503);
  assert.match(await logLine('/refused'), /at=error code=H21 desc="Backend connection refused" .* dyno=web\.2 .* status=503 /);
});

test('H19 when the dyno does not accept the connection in time', async (t) => {
  // A listening socket that never accepts, its backlog already full: further connects hang.
  const py = spawn('python3', ['-c', [
    'import socket, sys, time',
    's = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)',
    'fill = [socket.socket() for _ in range(3)]',
    'for c in fill: c.setblocking(False); c.connect_ex(s.getsockname())',
    'print(s.getsockname()[1], flush=True); time.sleep(60)',
  ].join('\n')]);
  t.after(() => py.kill('SIGKILL'));
  const port = await new Promise<number>((resolve, reject) => {
    py.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    py.once('error', reject);
  });
  await router.setTable([{ ...routeApp('stuck', []), dynos: [up(port)] }]);
  const t0 = Date.now();
  assert.equal((await request(router.port, { host: 'stuck.localhost', path: '/stuck' })).status, 503);
  assert.ok(Date.now() - t0 < 3_000);
  assert.match(await logLine('/stuck'), /at=error code=H19 desc="Backend connection timeout" /);
});

test('H17 for a malformed or oversized response head (not H13)', async () => {
  const garbage = await tap((s) => s.end('HTTP/1.1 2OO OK\r\nContent-Length: 0\r\n\r\n'));
  const huge = await tap((s) => s.end(`HTTP/1.1 200 OK\r\nX-Big: ${'b'.repeat(9000)}\r\nContent-Length: 0\r\n\r\n`));
  try {
    await router.setTable([{ ...routeApp('garbage', []), dynos: [up(garbage.port)] }, { ...routeApp('huge', []), dynos: [up(huge.port)] }]);
    assert.equal((await request(router.port, { host: 'garbage.localhost', path: '/garbage' })).status, 503);
    assert.match(await logLine('/garbage'), /code=H17 desc="Poorly formatted HTTP response"/);
    assert.equal((await request(router.port, { host: 'huge.localhost', path: '/huge' })).status, 503);
    assert.match(await logLine('/huge'), /code=H17/);
  } finally {
    await garbage.close();
    await huge.close();
  }
});

test('H18 when the dyno closes mid-body: the client is cut off and the log says so, never status=200', async () => {
  const cut = await tap((s) => {
    s.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b');
    setTimeout(() => s.destroy(), 50);
  });
  try {
    await router.setTable([{ ...routeApp('cut', []), dynos: [up(cut.port)] }]);
    const c = new RawClient(router.port);
    c.write('GET /cut HTTP/1.1\r\nHost: cut.localhost\r\n\r\n');
    const got = (await c.untilClosed()).toString('latin1');
    assert.match(got, /^HTTP\/1\.1 200 OK\r\n/);
    assert.ok(got.endsWith('only ten b'));
    assert.match(await logLine('/cut'), /at=error code=H18 desc="Server Request Interrupted" .* status=503 /);
  } finally {
    await cut.close();
  }
});

test('the 30 s window starts once the whole body was sent: a slow upload is not H12', async () => {
  await router.setTable([routeApp('upload', [echo])]);
  const c = new RawClient(router.port);
  c.write('POST /upload HTTP/1.1\r\nHost: upload.localhost\r\nContent-Length: 10\r\n\r\nhello');
  await new Promise((r) => setTimeout(r, 800)); // past requestTimeoutMs (600), within the idle window (900)
  c.write('world');
  const r = await c.response();
  c.close();
  assert.equal(r.status, 200);
  assert.equal((JSON.parse(r.body.toString()) as { bytes: number }).bytes, 10);
});

test('H12 when no response byte comes within the window after the request; H28 when an upload stalls', async () => {
  await router.setTable([routeApp('slow', [echo])]);
  assert.equal((await request(router.port, { host: 'slow.localhost', path: '/slow?ms=3000' })).status, 503);
  assert.match(await logLine('/slow?ms=3000'), /code=H12/);
  const c = new RawClient(router.port);
  c.write('POST /stall HTTP/1.1\r\nHost: slow.localhost\r\nContent-Length: 10\r\n\r\nhello');
  const r = await c.response();
  c.close();
  assert.equal(r.status, 408);
  assert.match(await logLine('/stall'), /code=H28 desc="Client Connection Idle" .* status=408 /);
});

test('after the first byte a rolling idle window applies: a slow steady response completes, a stalled one is H15', async () => {
  const trickle = await tap((s) => {
    s.write('HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n');
    let n = 0;
    const timer = setInterval(() => {
      s.write('x');
      if (++n === 6) clearInterval(timer);
    }, 300); // 1.8 s in all: past the 600 ms response window, never idle for 900 ms
    s.on('close', () => clearInterval(timer));
  });
  const stall = await tap((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nxx'));
  try {
    await router.setTable([{ ...routeApp('trickle', []), dynos: [up(trickle.port)] }, { ...routeApp('stall', []), dynos: [up(stall.port)] }]);
    const ok = await request(router.port, { host: 'trickle.localhost', path: '/trickle' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.toString(), 'xxxxxx');
    const c = new RawClient(router.port);
    c.write('GET /stalled HTTP/1.1\r\nHost: stall.localhost\r\n\r\n');
    await c.untilClosed();
    assert.match(await logLine('/stalled'), /at=error code=H15 desc="Idle connection" .* status=503 /);
  } finally {
    await trickle.close();
    await stall.close();
  }
});
