// The dashboard server against a real engine: Host/Origin allowlists, token auth, static serving, the wire protocol.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { Engine } from '../../../electron/engine/engine.js';
import { startDashboard } from '../../../electron/host/dashboard/server.js';
import type { DashboardHandle } from '../../../electron/host/dashboard/server.js';

let home: string;
let rendererDir: string;
let engine: Engine;
let dash: DashboardHandle;
let origin: string;

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'dynodesk-dash-'));
  rendererDir = join(home, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><meta property="csp-nonce" nonce="__DYNODESK_CSP_NONCE__"><title>t</title><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body{}');
  engine = await Engine.open({ dataDir: join(home, 'data'), routerPort: 0 });
  dash = await startDashboard({ engine, port: 0, rendererDir });
  origin = `http://127.0.0.1:${dash.port}`;
});

after(async () => {
  await dash?.close();
  await engine?.close();
  rmSync(home, { recursive: true, force: true });
});

interface Reply { status: number; headers: IncomingHttpHeaders; body: string }

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: dash.port, path, method, headers: { host: `127.0.0.1:${dash.port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves with the HTTP status when the handshake is refused, or the open socket. */
function openWs(opts: { origin?: string; host?: string; path?: string; cookie?: string } = {}): Promise<{ ws: WebSocket } | { refused: number }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (opts.host) headers.host = opts.host;
    if (opts.cookie) headers.cookie = opts.cookie;
    const ws = new WebSocket(`ws://127.0.0.1:${dash.port}${opts.path ?? '/ws'}`, {
      headers,
      ...(opts.origin === undefined ? {} : { origin: opts.origin }),
    });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => { res.resume(); resolve({ refused: res.statusCode ?? 0 }); ws.terminate(); });
    ws.once('error', (err) => { if (ws.readyState !== ws.CLOSED) reject(err); });
  });
}

function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

function nextMessage(ws: WebSocket, pred: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const on = (data: Buffer): void => {
      const m = JSON.parse(data.toString()) as Record<string, unknown>;
      if (pred(m)) { ws.off('message', on); resolve(m); }
    };
    ws.on('message', on);
  });
}

async function authed(): Promise<WebSocket> {
  const r = await openWs({ origin });
  assert.ok('ws' in r, 'handshake refused');
  r.ws.send(JSON.stringify({ auth: dash.token }));
  return r.ws;
}

test('the printed URL carries the token only in its fragment', () => {
  const u = new URL(dash.url);
  assert.equal(u.hostname, '127.0.0.1');
  assert.equal(u.search, '');
  assert.equal(u.hash, `#token=${dash.token}`);
  assert.match(dash.token, /^[A-Za-z0-9_-]{43}$/);
});

test('serves the page with a strict CSP, a fresh nonce and no CORS headers', async () => {
  const a = await get('/');
  const b = await get('/', { host: `localhost:${dash.port}` });
  assert.equal(a.status, 200);
  assert.equal(b.status, 200);
  const csp = String(a.headers['content-security-policy']);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  assert.ok(nonce);
  assert.ok(a.body.includes(`nonce="${nonce}"`), 'nonce substituted into the page');
  assert.ok(!a.body.includes('__DYNODESK_CSP_NONCE__'));
  assert.notEqual(/'nonce-([^']+)'/.exec(String(b.headers['content-security-policy']))?.[1], nonce, 'nonce differs per response');
  assert.equal(a.headers['x-content-type-options'], 'nosniff');
  assert.equal(Object.keys(a.headers).some((h) => h.startsWith('access-control-')), false);
  assert.equal(a.headers['set-cookie'], undefined);
});

test('static assets get their types; client routes fall back to the page; the rest is refused', async () => {
  const js = await get('/assets/app.js');
  assert.equal(js.status, 200);
  assert.match(String(js.headers['content-type']), /^text\/javascript/);
  assert.match(String((await get('/assets/app.css')).headers['content-type']), /^text\/css/);
  const route = await get('/apps/web');
  assert.equal(route.status, 200);
  assert.match(String(route.headers['content-type']), /^text\/html/);
  assert.equal((await get('/assets/missing.js')).status, 404);
  assert.equal((await get('/%2e%2e/%2e%2e/etc/passwd')).status, 400);
  assert.equal((await get('/', {}, 'POST')).status, 405);
  const head = await get('/assets/app.js', {}, 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  assert.equal(head.headers['content-length'], String('console.log(1)'.length));
});

test('a foreign Host header is refused (DNS rebinding)', async () => {
  for (const host of [`evil.example:${dash.port}`, '127.0.0.1', `LOCALHOST:${dash.port}`, `127.0.0.1:${dash.port + 1}`]) {
    const r = await get('/', { host });
    assert.equal(r.status, 403, host);
    assert.doesNotMatch(r.body, /nonce|<script/);
  }
});

test('a foreign Origin is refused on plain HTTP', async () => {
  assert.equal((await get('/', { origin: 'http://evil.example' })).status, 403);
  assert.equal((await get('/', { origin: 'null' })).status, 403);
  assert.equal((await get('/', { origin })).status, 200);
});

test('the WebSocket handshake needs our Host, our Origin and the right path', async () => {
  assert.deepEqual(await openWs({ origin: 'http://evil.example' }), { refused: 403 });
  assert.deepEqual(await openWs({}), { refused: 403 }, 'missing Origin');
  assert.deepEqual(await openWs({ origin, host: `evil.example:${dash.port}` }), { refused: 403 });
  assert.deepEqual(await openWs({ origin, path: '/other' }), { refused: 404 });
  const ok = await openWs({ origin: `http://localhost:${dash.port}`, host: `localhost:${dash.port}` });
  assert.ok('ws' in ok);
  ok.ws.close();
  await closed(ok.ws);
});

test('a wrong token closes the socket with policy violation before any command runs', async () => {
  const r = await openWs({ origin });
  assert.ok('ws' in r);
  const answers: string[] = [];
  r.ws.on('message', (d) => answers.push(d.toString()));
  const done = closed(r.ws);
  r.ws.send(JSON.stringify({ auth: dash.token.startsWith('A') ? `B${dash.token.slice(1)}` : `A${dash.token.slice(1)}` }));
  r.ws.send(JSON.stringify({ id: 1, cmd: 'apps.list', args: {} }));
  assert.deepEqual(await done, { code: 1008, reason: 'invalid token' });
  assert.deepEqual(answers, []);
});

test('a command before authenticating closes the socket', async () => {
  const r = await openWs({ origin });
  assert.ok('ws' in r);
  const done = closed(r.ws);
  r.ws.send(JSON.stringify({ id: 1, cmd: 'apps.list', args: {} }));
  assert.equal((await done).code, 1008);
});

test('the token in the query string or a cookie does not authenticate', async () => {
  for (const opts of [{ path: `/ws?token=${dash.token}` }, { cookie: `token=${dash.token}; dynodesk=${dash.token}` }]) {
    const r = await openWs({ origin, ...opts });
    assert.ok('ws' in r);
    const done = closed(r.ws);
    r.ws.send(JSON.stringify({ id: 1, cmd: 'engine.info', args: {} }));
    assert.equal((await done).code, 1008, JSON.stringify(opts));
  }
});

test('after auth, commands and errors travel as values', async () => {
  const ws = await authed();
  ws.send(JSON.stringify({ id: 7, cmd: 'engine.info', args: {} }));
  const info = await nextMessage(ws, (m) => m.id === 7);
  assert.equal(info.ok, true);
  const value = info.value as { dashboardUrl: string | null; routerPort: number };
  assert.equal(value.dashboardUrl, `http://127.0.0.1:${dash.port}/`);
  assert.equal(value.routerPort, engine.routerPort);
  ws.send(JSON.stringify({ id: 8, cmd: 'no.such.command', args: {} }));
  const bad = await nextMessage(ws, (m) => m.id === 8);
  assert.equal(bad.ok, false);
  assert.match((bad.error as { message: string }).message, /Unknown command/);
  ws.send(JSON.stringify({ id: 9, cmd: 'apps.info', args: { app: 42 } }));
  const invalid = await nextMessage(ws, (m) => m.id === 9);
  assert.equal((invalid.error as { code: string }).code, 'invalid');
  ws.send('not json');
  const garbled = await nextMessage(ws, (m) => m.id === 0);
  assert.equal(garbled.ok, false);
  ws.close();
  await closed(ws);
});

test('an oversized message closes the socket', async () => {
  const ws = await authed();
  const done = closed(ws);
  ws.send('x'.repeat(3 * 1024 * 1024));
  assert.equal((await done).code, 1009);
});

test('close() ends open sockets and stops listening', async () => {
  const home2 = mkdtempSync(join(tmpdir(), 'dynodesk-dash2-'));
  const engine2 = await Engine.open({ dataDir: home2, routerPort: 0 });
  try {
    const d2 = await startDashboard({ engine: engine2, port: 0, rendererDir: join(home2, 'nothing-built') });
    const page = await new Promise<Reply>((resolve, reject) => {
      request({ host: '127.0.0.1', port: d2.port, path: '/' }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => { body += c.toString(); });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      }).on('error', reject).end();
    });
    assert.equal(page.status, 503);
    assert.match(page.body, /npm run build:renderer/);
    const ws = new WebSocket(`ws://127.0.0.1:${d2.port}/ws`, { origin: `http://127.0.0.1:${d2.port}` });
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ auth: d2.token }));
    const done = closed(ws);
    await d2.close();
    await done;
    await assert.rejects(new Promise((resolve, reject) => {
      request({ host: '127.0.0.1', port: d2.port, path: '/' }, resolve).on('error', reject).end();
    }));
  } finally {
    await engine2.close();
    rmSync(home2, { recursive: true, force: true });
  }
});
