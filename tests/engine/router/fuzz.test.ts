// Fuzzing: thousands of random and mutated byte strings from clients, and garbage responses from a
// dyno. Afterwards the router still serves a normal request and its worker never died.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { RawClient, request, routeApp, startDyno, startTestRouter, type Dyno, type Router } from './helpers.js';

const CASES = Number(process.env.FUZZ_CASES ?? 3000);
const CONCURRENCY = 32;

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEMPLATES = [
  'GET /fuzz?a=1 HTTP/1.1\r\nHost: fuzz.localhost\r\nAccept: */*\r\n\r\n',
  'POST /fuzz HTTP/1.1\r\nHost: fuzz.localhost\r\nContent-Length: 5\r\n\r\nhello',
  'POST /fuzz HTTP/1.1\r\nHost: fuzz.localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
  'GET /ws HTTP/1.1\r\nHost: fuzz.localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
  'GET /a HTTP/1.1\r\nHost: fuzz.localhost\r\n\r\nGET /b HTTP/1.1\r\nHost: fuzz.localhost\r\n\r\n',
  'GET http://fuzz.localhost/x HTTP/1.0\r\n\r\n',
];
const INSERTS = ['\r', '\n', '\0', ' ', ':', '\t', '\r\n', '\r\n\r\n', 'Transfer-Encoding: chunked\r\n', 'Content-Length: 3\r\n',
  ',', '0\r\n\r\n', '\xff', 'Host: fuzz.localhost\r\n', 'ffffffff\r\n', ';', 'HTTP/1.1'];

function mutate(rand: () => number): Buffer {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  if (rand() < 0.15) {
    return Buffer.from(Array.from({ length: Math.floor(rand() * 400) }, () => Math.floor(rand() * 256)));
  }
  let s = pick(TEMPLATES);
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rand() * (s.length + 1));
    const r = rand();
    if (r < 0.3) s = s.slice(0, at) + String.fromCharCode(Math.floor(rand() * 256)) + s.slice(at + 1);
    else if (r < 0.6) s = s.slice(0, at) + pick(INSERTS) + s.slice(at);
    else if (r < 0.75) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 10));
    else if (r < 0.9) s = s.slice(0, at) + s.slice(Math.max(0, at - 20), at) + s.slice(at);
    else s = s.slice(0, at);
  }
  return Buffer.from(s, 'latin1');
}

let router: Router;
let echo: Dyno;
let garbage: Server;
const garbageSockets = new Set<Socket>();

before(async () => {
  echo = await startDyno('web.1');
  // A dyno that answers every connection with a (seeded) garbage or mutated response.
  const rand = prng(7);
  const responses = ['HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n',
    'HTTP/1.1 101 Switching Protocols\r\n\r\n', 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n'];
  garbage = createServer((s) => {
    garbageSockets.add(s);
    s.on('close', () => garbageSockets.delete(s));
    s.on('error', () => {});
    s.once('data', () => {
      const base = responses[Math.floor(rand() * responses.length)] as string;
      let out = base;
      if (rand() < 0.8) {
        const at = Math.floor(rand() * base.length);
        out = base.slice(0, at) + String.fromCharCode(Math.floor(rand() * 256)) + base.slice(at + (rand() < 0.5 ? 1 : 0));
      }
      if (rand() < 0.5) s.end(Buffer.from(out, 'latin1'));
      else s.write(Buffer.from(out, 'latin1'));
    });
  });
  await new Promise<void>((r) => garbage.listen(0, '127.0.0.1', () => r()));
  const a = garbage.address();
  const gport = typeof a === 'object' && a ? a.port : 0;
  router = await startTestRouter({ headersTimeoutMs: 300, requestTimeoutMs: 300 });
  await router.setTable([routeApp('fuzz', [echo]), { ...routeApp('junk', []), dynos: [{ name: 'web.1', port: gport, state: 'up' }] }]);
});

after(async () => {
  await router.stop();
  for (const s of garbageSockets) s.destroy();
  await new Promise<void>((r) => garbage.close(() => r()));
  await echo.stop();
});

/** Sends bytes; half the time hangs up at once, otherwise waits for the router to answer or close. */
function send(bytes: Buffer, hangUp: boolean): Promise<void> {
  return new Promise((resolve) => {
    const s = connect(router.port, '127.0.0.1');
    s.on('error', () => {});
    s.on('close', () => resolve());
    s.write(bytes, () => (hangUp ? s.end() : undefined));
    if (hangUp) s.resume(); // read (and drop) the answer, so the close is seen
    else s.once('data', () => s.destroy());
  });
}

test(`${CASES} random and mutated requests do not hurt the router`, async () => {
  const rand = prng(1);
  const inputs = Array.from({ length: CASES }, (_, i) => ({ bytes: mutate(rand), hangUp: i % 2 === 0 }));
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < inputs.length) {
      const c = inputs[next++] as { bytes: Buffer; hangUp: boolean };
      await send(c.bytes, c.hangUp);
    }
  }));
  assert.equal((await request(router.port, { host: 'fuzz.localhost', path: '/after' })).status, 200);
  assert.equal(router.workerRestarts, 0);
  assert.deepEqual(router.workerErrors, []);
});

test('garbage responses from a dyno do not hurt the router', async () => {
  let next = 0;
  await Promise.all(Array.from({ length: 10 }, async () => {
    while (next < 300) {
      // Either a response (whatever the router made of the garbage) or a closed connection.
      const c = new RawClient(router.port);
      c.write(`GET /junk/${next++} HTTP/1.1\r\nHost: junk.localhost\r\n\r\n`);
      const r = await c.response({ timeoutMs: 5_000 }).catch(() => null);
      c.close();
      if (r) assert.ok(r.status >= 100 && r.status < 600);
    }
  }));
  assert.equal((await request(router.port, { host: 'fuzz.localhost', path: '/after' })).status, 200);
  assert.equal(router.workerRestarts, 0);
  assert.deepEqual(router.workerErrors, []);
});
