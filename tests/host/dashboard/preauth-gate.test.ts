// What a dashboard WebSocket that has not sent the token may cost the engine: a few KB, one of 32 slots, a few
// seconds. Real engines, real sockets; the memory test runs the engine in its own process to measure it alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { Engine } from '../../../electron/engine/engine.js';
import { startDashboard, type DashboardHandle } from '../../../electron/host/dashboard/server.js';
import { startDashboardProcess } from '../../helpers/dashboard-process.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

const MiB = 1024 * 1024;

interface RawConnection { socket: Socket; status: number; closed: Promise<void> }

/** A WebSocket handshake by hand, so the test controls every byte sent afterwards (and never reads a reply). */
function rawHandshake(port: number): Promise<RawConnection> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.on('error', () => undefined); // the server cutting us off is the point
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      socket.resume();
      resolve({ socket, status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), closed });
    };
    socket.on('data', onData);
    void closed.then(() => resolve({ socket, status: 0, closed }));
    socket.write([
      'GET /ws HTTP/1.1', `Host: 127.0.0.1:${port}`, `Origin: http://127.0.0.1:${port}`, 'Upgrade: websocket', 'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`, 'Sec-WebSocket-Version: 13', '', '',
    ].join('\r\n'));
  });
}

const ZEROS = Buffer.alloc(64 * 1024);

/** One masked text frame announcing `length` bytes, all sent but the last: a server without limits holds it all. */
function sendAlmostWholeFrame(socket: Socket, length: number): void {
  const header = Buffer.alloc(14); // mask key 0: the payload goes as is
  header[0] = 0x81;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  socket.write(header);
  for (let left = length - 1; left > 0 && !socket.destroyed; left -= ZEROS.length) socket.write(ZEROS.subarray(0, Math.min(left, ZEROS.length)));
}

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms); }),
  ]);
}

interface OpenWs { ws: WebSocket; closed: Promise<{ code: number; reason: string }> }

/** Resolves with the open socket, or the HTTP status the handshake was refused with. */
function openWs(port: number): Promise<OpenWs | { refused: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin: `http://127.0.0.1:${port}` });
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.once('close', (code, reason) => r({ code, reason: reason.toString() })));
    ws.once('open', () => resolve({ ws, closed }));
    ws.once('unexpected-response', (_req, res) => { res.resume(); resolve({ refused: res.statusCode ?? 0 }); ws.terminate(); });
    ws.once('error', (err) => { if (ws.readyState !== ws.CLOSED) reject(err); });
  });
}

function opened(r: OpenWs | { refused: number }): OpenWs {
  if ('refused' in r) throw new Error(`handshake refused with ${r.refused}`);
  return r;
}

/** Send {auth}, then `cmd`, in one go (as the browser client does with its queued calls); the command's reply. */
function authThenCall(ws: WebSocket, token: string, cmd: string, args: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer): void => {
      const m = JSON.parse(data.toString()) as Record<string, unknown>;
      if (m.id === 7) { ws.off('message', onMessage); resolve(m); }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ auth: token }));
    ws.send(JSON.stringify({ id: 7, cmd, args }));
  });
}

async function inProcessDashboard(t: { after(fn: () => Promise<void> | void): void }, authTimeoutMs?: number): Promise<DashboardHandle> {
  const home = tempDir('ddw');
  mkdirSync(join(home.path, 'renderer'));
  const engine = await Engine.open({ dataDir: join(home.path, 'data'), routerPort: 0 });
  const dash = await startDashboard({ engine, port: 0, rendererDir: join(home.path, 'renderer'), ...(authTimeoutMs ? { authTimeoutMs } : {}) });
  t.after(async () => {
    await dash.close();
    await engine.close();
    home.remove();
  });
  return dash;
}

test('200 unauthenticated sockets sending 2 MiB frames are cut off; the engine stays small and keeps serving', { skip: process.platform !== 'linux' ? 'reads /proc' : false }, async (t) => {
  const home = tempDir('ddw');
  const dash = await startDashboardProcess(home.path);
  t.after(async () => {
    await dash.stop();
    home.remove();
  });
  const before = dash.memory().rss;

  const attacks = Array.from({ length: 200 }, async () => {
    const c = await rawHandshake(dash.port);
    if (c.status === 101) sendAlmostWholeFrame(c.socket, 2 * MiB);
    await within(15_000, 'the server to cut off an unauthenticated socket', c.closed);
    return c.status;
  });
  const statuses = await Promise.all(attacks);
  assert.ok(statuses.every((s) => s === 101 || s === 503), `upgraded, or refused while the pre-auth slots were taken: ${[...new Set(statuses)].join(', ')}`);

  const grew = dash.memory().peak - before;
  // Without the limits this is about 2 MiB per socket (~400 MiB); with them, a few MiB. The bound is generous.
  assert.ok(grew < 64 * MiB, `the engine's peak RSS grew by ${Math.round(grew / MiB)} MiB`);

  // Authenticated, the full message size is back: 1 MiB in one message, sent right behind {auth}.
  const { ws } = opened(await openWs(dash.port));
  t.after(() => ws.terminate());
  const reply = await authThenCall(ws, dash.token, 'apps.list', { padding: 'x'.repeat(MiB) });
  assert.equal(typeof reply.ok, 'boolean', 'answered (the extra argument may be refused as a value)');
  assert.equal(ws.readyState, ws.OPEN);
  const list = await new Promise<Record<string, unknown>>((resolve) => {
    ws.once('message', (d: Buffer) => resolve(JSON.parse(d.toString()) as Record<string, unknown>));
    ws.send(JSON.stringify({ id: 8, cmd: 'apps.list', args: {} }));
  });
  assert.deepEqual(list, { id: 8, ok: true, value: [] });
});

test('at most 32 sockets may wait to authenticate; authenticating frees a slot', async (t) => {
  const dash = await inProcessDashboard(t, 30_000);
  const waiting: OpenWs[] = [];
  t.after(() => { for (const w of waiting) w.ws.terminate(); });
  for (let i = 0; i < 32; i++) waiting.push(opened(await openWs(dash.port)));
  assert.deepEqual(await openWs(dash.port), { refused: 503 });

  const first = waiting[0] as OpenWs;
  const reply = await authThenCall(first.ws, dash.token, 'apps.list', {});
  assert.equal(reply.ok, true);
  const next = opened(await openWs(dash.port));
  waiting.push(next);
  assert.deepEqual(await openWs(dash.port), { refused: 503 }, 'full again');

  // A socket that goes away frees its slot too.
  (waiting[1] as OpenWs).ws.terminate();
  await waitFor('a slot to free up', async () => {
    const r = await openWs(dash.port);
    if ('refused' in r) return false;
    waiting.push(r);
    return true;
  }, 10_000);
});

test('a socket that does not authenticate in time is closed; one that ignores the close is dropped soon after', async (t) => {
  const dash = await inProcessDashboard(t, 300);
  const idle = opened(await openWs(dash.port));
  t.after(() => idle.ws.terminate());
  assert.deepEqual(await within(5000, 'the idle socket to be closed', idle.closed), { code: 1008, reason: 'authentication timeout' });

  // A raw peer never answers the close frame: it must not keep its slot for ws's 30 s close timeout.
  const raw = await rawHandshake(dash.port);
  t.after(() => raw.socket.destroy());
  assert.equal(raw.status, 101);
  const started = Date.now();
  await within(5000, 'the raw socket to be dropped', raw.closed);
  assert.ok(Date.now() - started < 5000);
});

test('a socket that sends more than 8 KiB before its token is cut off at once, not at the auth timeout', async (t) => {
  // The auth timeout alone would also end it, after 30 s: only the byte limit ends it within seconds.
  const dash = await inProcessDashboard(t, 30_000);
  const small = await rawHandshake(dash.port);
  const big = await rawHandshake(dash.port);
  t.after(() => { small.socket.destroy(); big.socket.destroy(); });
  assert.equal(small.status, 101);
  assert.equal(big.status, 101);
  sendAlmostWholeFrame(small.socket, 4 * 1024);
  sendAlmostWholeFrame(big.socket, 64 * 1024);
  await within(5000, 'the socket over the limit to be cut off', big.closed);
  assert.equal(small.socket.destroyed, false, 'a peer under the limit is left to the auth timeout');
});
