// The router's log line writer (bytes straight into the batch buffer) and the request-id generator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeLogBatch, LogBatcher, type LogBatchData } from '../../../electron/engine/router/log-batch.js';
import { formatRequestLine, requestLineBound, writeRequestLine, type RequestLogFields } from '../../../electron/engine/router/log-format.js';
import { writeRequestId } from '../../../electron/engine/router/request-id.js';

const base: RequestLogFields = {
  method: 'GET', path: '/', host: 'shop.localhost', requestId: 'f3b8a9e2-0c1d-4e5f-8a9b-0123456789ab', fwd: '127.0.0.1',
  dyno: 'web.2', connectMs: 0.4, serviceMs: 12.5, status: 200, bytes: 1234, code: null,
};

test("a request line is Heroku's format, numbers rounded", () => {
  assert.equal(formatRequestLine(base),
    'at=info method=GET path="/" host=shop.localhost request_id=f3b8a9e2-0c1d-4e5f-8a9b-0123456789ab fwd="127.0.0.1" '
    + 'dyno=web.2 connect=0ms service=13ms status=200 bytes=1234 protocol=http');
});

test('lines for alternating methods, hosts, client addresses and dynos each carry their own (the last ones are reused as bytes)', () => {
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

test('a request id given as bytes is written the same as the string', () => {
  assert.equal(formatRequestLine({ ...base, requestId: Buffer.from(base.requestId as string, 'latin1') }), formatRequestLine(base));
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

test('the bound holds for worst-case fields, and the writer stays inside it', () => {
  const f: RequestLogFields = { ...base, path: '"'.repeat(5000), fwd: '"'.repeat(300), bytes: Number.MAX_SAFE_INTEGER, connectMs: 1e12, code: 'H13' };
  const buf = Buffer.alloc(requestLineBound(f) + 16, 0xff);
  const end = writeRequestLine(buf, 0, f);
  assert.ok(end <= requestLineBound(f));
  assert.ok(buf.subarray(end).every((b) => b === 0xff));
  assert.ok(buf.toString('latin1', 0, end).endsWith(`bytes=${Number.MAX_SAFE_INTEGER} protocol=http`));
});

test('characters outside latin1 become "?"', () => {
  assert.ok(formatRequestLine({ ...base, host: 'caf\u00e9\u4e2d' }).includes('host=caf\u00e9? '));
});

test('LogBatcher.addRequest lines decode back to app, time and text', () => {
  const batches: LogBatchData[] = [];
  const b = new LogBatcher((x) => batches.push(x));
  b.addRequest('shop', base, 1000);
  b.add('shop', 'at=error desc="something"', 1001);
  b.addRequest('blog', { ...base, host: 'blog.localhost', code: 'H80', status: 503 }, 1002);
  b.flush();
  const lines = batches.flatMap((x) => decodeLogBatch(x));
  assert.deepEqual(lines.map((l) => [l.app, l.time]), [['shop', 1000], ['shop', 1001], ['blog', 1002]]);
  assert.equal(lines[0]?.text, formatRequestLine(base));
  assert.match(lines[2]?.text ?? '', /^at=error code=H80 desc="Maintenance mode" .* host=blog\.localhost /);
});

test('request ids are distinct version-4 UUIDs, written where asked', () => {
  const seen = new Set<string>();
  const out = Buffer.alloc(40, 0x2e);
  for (let i = 0; i < 2000; i++) {
    writeRequestId(out, 2);
    assert.equal(out.toString('latin1', 0, 2) + out.toString('latin1', 38), '....', 'nothing outside the 36 bytes');
    const id = out.toString('latin1', 2, 38);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    seen.add(id);
  }
  assert.equal(seen.size, 2000);
});
