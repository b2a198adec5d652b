// Large bodies stream through the router both ways with backpressure, without being buffered whole.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { routeApp, startDyno, startTestRouter, type Dyno, type Router } from './helpers.js';

const SIZE = 256 * 1024 * 1024;
/**
 * If the router held a body in memory, growth would be at least SIZE. The client's own reads in this
 * process leave garbage that V8 collects late (on Node 24 about 100 MB of it was seen), hence the
 * allowance; it stays well below SIZE.
 */
const MAX_GROWTH = 160 * 1024 * 1024;

let dyno: Dyno;
let router: Router;

before(async () => {
  dyno = await startDyno('web.1');
  router = await startTestRouter({ requestTimeoutMs: 60_000 });
  await router.setTable([routeApp('app', [dyno])]);
});

after(async () => {
  await router.stop();
  await dyno.stop();
});

/** Tracks this process's peak RSS (the router worker lives in it) while `work` runs. */
async function peakGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const result = await work();
    return { result, growth: peak - base };
  } finally {
    clearInterval(timer);
  }
}

test(`download of ${SIZE >> 20} MB to a slow reader`, async () => {
  const { result, growth } = await peakGrowth(() => new Promise<number>((resolve, reject) => {
    const s = connect(router.port, '127.0.0.1', () => s.write(`GET /stream?bytes=${SIZE} HTTP/1.1\r\nHost: app.localhost\r\nConnection: close\r\n\r\n`));
    let total = 0;
    let since = 0;
    s.on('data', (d: Buffer) => {
      total += d.length;
      since += d.length;
      // read slower than the dyno writes: pause briefly every 8 MB
      if (since > 8 * 1024 * 1024) {
        since = 0;
        s.pause();
        setTimeout(() => s.resume(), 5);
      }
    });
    s.on('error', reject);
    s.on('close', () => resolve(total));
  }));
  // head + chunk framing around SIZE payload bytes
  assert.ok(result > SIZE && result < SIZE + 64 * 1024, `got ${result}`);
  assert.ok(growth < MAX_GROWTH, `memory grew ${growth >> 20} MB`);
});

for (const chunked of [false, true]) {
  test(`upload of ${SIZE >> 20} MB (${chunked ? 'chunked' : 'Content-Length'})`, async () => {
    const block = Buffer.alloc(256 * 1024, 'dynodesk');
    const hash = createHash('sha256');
    const { result, growth } = await peakGrowth(() => new Promise<string>((resolve, reject) => {
      const s = connect(router.port, '127.0.0.1');
      let sent = 0;
      const pump = (): void => {
        while (sent < SIZE) {
          sent += block.length;
          hash.update(block);
          const ok = s.write(chunked ? Buffer.concat([Buffer.from(`${block.length.toString(16)}\r\n`), block, Buffer.from('\r\n')]) : block);
          if (!ok) return void s.once('drain', pump);
        }
        if (chunked) s.write('0\r\n\r\n');
      };
      s.write(`POST /upload HTTP/1.1\r\nHost: app.localhost\r\nConnection: close\r\n${chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${SIZE}`}\r\n\r\n`);
      pump();
      let out = '';
      s.on('data', (d: Buffer) => (out += d.toString()));
      s.on('error', reject);
      s.on('close', () => resolve(out));
    }));
    const body = JSON.parse(result.slice(result.indexOf('\r\n\r\n') + 4)) as { bytes: number; sha256: string };
    assert.equal(body.bytes, SIZE);
    assert.equal(body.sha256, hash.digest('hex'));
    assert.ok(growth < MAX_GROWTH, `memory grew ${growth >> 20} MB`);
  });
}
