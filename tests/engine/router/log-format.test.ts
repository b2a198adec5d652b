// The router's log line and its batching on the way to the main thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeLogBatch, LogBatcher, type LogBatchData } from '../../../electron/engine/router/log-batch.js';
import { formatRequestLine, type RequestLogFields } from '../../../electron/engine/router/log-format.js';

const base: RequestLogFields = {
  method: 'GET', path: '/', host: 'shop.localhost', requestId: 'f3b8a9e2-0c1d-4e5f-8a9b-0123456789ab', fwd: '127.0.0.1',
  dyno: 'web.2', connectMs: 0.4, serviceMs: 12.5, status: 200, bytes: 1234, code: null,
};

test("a request line is Heroku's format, numbers rounded", () => {
  assert.equal(formatRequestLine(base),
    'at=info method=GET path="/" host=shop.localhost request_id=f3b8a9e2-0c1d-4e5f-8a9b-0123456789ab fwd="127.0.0.1" '
    + 'dyno=web.2 connect=0ms service=13ms status=200 bytes=1234 protocol=http');
});

test('lines for alternating methods, hosts, client addresses and dynos each carry their own', () => {
  const variants = [
    { method: 'GET', host: 'shop.localhost', fwd: '127.0.0.1', dyno: 'web.2' },
    { method: 'POST', host: 'blog.localhost', fwd: '127.0.0.1', dyno: 'web.2' },
    { method: 'POST', host: 'blog.localhost', fwd: '10.0.0.7, 127.0.0.1', dyno: 'web.10' },
    { method: 'GET', host: 'shop.localhost', fwd: '127.0.0.1', dyno: '' },
    { method: 'PURGE', host: 'shop.localhost', fwd: 'x"y', dyno: 'web.2' },
    { method: 'GET', host: 'shop.localhost', fwd: '127.0.0.1', dyno: 'web.2', path: '/a"b?c=1', status: 404 },
    { method: 'GET', host: 'shop.localhost', fwd: '127.0.0.1', dyno: 'web.2', path: '/a"b?c=1', status: 404 },
    { method: 'GET', host: 'shop.localhost', fwd: '127.0.0.1', dyno: 'web.2', path: '/', status: 200 },
  ];
  // Twice round, each value also compared as a fresh string (the router's come from each request's bytes).
  for (const v of [...variants, ...variants]) {
    const path = v.path ?? '/';
    const status = v.status ?? 200;
    const fresh = (s: string): string => Buffer.from(s, 'latin1').toString('latin1');
    assert.equal(formatRequestLine({ ...base, ...v, path: fresh(path), host: fresh(v.host), fwd: fresh(v.fwd), status }),
      `at=info method=${v.method} path="${path.replace(/"/g, '%22')}" host=${v.host} request_id=${base.requestId} fwd="${v.fwd.replace(/"/g, '%22')}" `
      + `dyno=${v.dyno || 'none'} connect=0ms service=13ms status=${status} bytes=1234 protocol=http`);
  }
});

test('numbers are written as String() would, around the int32 range and beyond', () => {
  for (const n of [0, 7, 9, 10, 99, 100, 65535, 999_999_999, 1_000_000_000, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 5, 1e15 + 3, Number.MAX_SAFE_INTEGER]) {
    assert.match(formatRequestLine({ ...base, bytes: n, connectMs: n, serviceMs: n }),
      new RegExp(` connect=${n}ms service=${n}ms status=200 bytes=${n} protocol=http$`), String(n));
  }
});

test('an error line carries code and desc, and a missing dyno is "none"', () => {
  const line = formatRequestLine({ ...base, dyno: '', status: 503, bytes: 0, serviceMs: 30000, code: 'H12' });
  assert.match(line, /^at=error code=H12 desc="Request timeout" method=GET /);
  assert.match(line, / dyno=none connect=0ms service=30000ms status=503 bytes=0 protocol=http$/);
});

test('quotes in path and fwd cannot forge key=value pairs', () => {
  const line = formatRequestLine({ ...base, path: '/a" status=200 x="', fwd: '1.2.3.4", 5"' });
  assert.ok(line.includes('path="/a%22 status=200 x=%22"'), line);
  assert.ok(line.includes('fwd="1.2.3.4%22, 5%22"'), line);
  assert.equal(line.split('"').length - 1, 4); // only the writer's own quotes remain
});

test('LogBatcher lines decode back to app, time and text', () => {
  const batches: LogBatchData[] = [];
  const b = new LogBatcher((x) => batches.push(x));
  b.add('shop', formatRequestLine(base), 1000);
  b.add('shop', 'at=error desc="something"', 1001);
  b.add('blog', formatRequestLine({ ...base, host: 'blog.localhost', code: 'H80', status: 503 }), 1002);
  b.flush();
  const lines = batches.flatMap((x) => decodeLogBatch(x));
  assert.deepEqual(lines.map((l) => [l.app, l.time]), [['shop', 1000], ['shop', 1001], ['blog', 1002]]);
  assert.equal(lines[0]?.text, formatRequestLine(base));
  assert.match(lines[2]?.text ?? '', /^at=error code=H80 desc="Maintenance mode" .* host=blog\.localhost /);
});

