// Heroku error codes (H10 H12 H13 H14 H20 H27 H80), client timeouts, and their log lines.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RawClient, header, request, routeApp, routerWithDyno, waitFor, type Dyno, type Logs, type Router, type RouterWithDyno,
} from './helpers.js';

let setup: RouterWithDyno;
let dyno: Dyno;
let router: Router;
let logs: Logs;

before(async () => {
  setup = await routerWithDyno({ requestTimeoutMs: 600, bootTimeoutMs: 600, headersTimeoutMs: 400, keepAliveTimeoutMs: 800 });
  ({ dyno, router, logs } = setup);
});

after(() => setup.stop());

async function expectCode(host: string, path: string, code: string, desc: string): Promise<void> {
  const r = await request(router.port, { host, path });
  assert.equal(r.status, 503, `${code}: status`);
  assert.match(header(r, 'content-type') ?? '', /text\/html/);
  assert.match(r.body.toString(), /<html>/);
  const line = await logs.line(path);
  assert.match(line, new RegExp(`at=error code=${code} desc="${desc}" method=GET path="${path.replace(/[?]/g, '\\?')}" host=${host} request_id=\\S+ fwd="127.0.0.1" dyno=\\S+ connect=\\d+ms service=\\d+ms status=503 bytes=\\d+ protocol=http`));
}

test('H14 when the app has no web dynos, H10 when all crashed, H80 in maintenance', async () => {
  const crashed = { ...routeApp('crashy', []), dynos: [{ name: 'web.1', port: dyno.port, state: 'crashed' as const }] };
  await router.setTable([routeApp('empty', []), crashed, routeApp('maint', [dyno], { maintenance: true })]);
  await expectCode('empty.localhost', '/h14', 'H14', 'No web dynos running');
  await expectCode('crashy.localhost', '/h10', 'H10', 'App crashed');
  await expectCode('maint.localhost', '/h80', 'H80', 'Maintenance mode');
});

test('requests wait for a starting dyno, then H20 after the boot timeout', async () => {
  const starting = { ...routeApp('boot', []), dynos: [{ name: 'web.1', port: dyno.port, state: 'starting' as const }] };
  await router.setTable([starting]);
  await expectCode('boot.localhost', '/h20', 'H20', 'App boot timeout');
  // A request that is waiting when the dyno comes up is served.
  const pending = request(router.port, { host: 'boot.localhost', path: '/queued' });
  await waitFor('request queued', () => router.stats('boot').openConnections === 1);
  await router.setTable([{ ...starting, dynos: [{ name: 'web.1', port: dyno.port, state: 'up' }] }]);
  assert.equal((await pending).status, 200);
});

test('H12 when the dyno sends no response head in time; the router stays usable', async () => {
  await router.setTable([routeApp('slow', [dyno])]);
  await expectCode('slow.localhost', '/slow?ms=5000', 'H12', 'Request timeout');
  assert.equal((await request(router.port, { host: 'slow.localhost', path: '/after' })).status, 200);
});

test('H13 when the dyno closes without a response', async () => {
  await router.setTable([routeApp('closer', [dyno])]);
  await expectCode('closer.localhost', '/close', 'H13', 'Connection closed without response');
});

test('H27 with status 499 when the client hangs up early', async () => {
  await router.setTable([routeApp('impatient', [dyno])]);
  const c = new RawClient(router.port);
  c.write('GET /slow?ms=3000&h27 HTTP/1.1\r\nHost: impatient.localhost\r\n\r\n');
  await waitFor('request in flight', () => router.stats('impatient').openConnections === 1);
  c.close();
  await waitFor('H27 log line', () => logs.lines.some((l) => l.includes('h27')));
  const line = logs.lines.find((l) => l.includes('h27')) as string;
  assert.match(line, /at=error code=H27 desc="Client Request Interrupted" .* status=499 /);
});

test('slow client: 408 when the head does not arrive in time', async () => {
  const c = new RawClient(router.port);
  c.write('GET / HTTP/1.1\r\nHost: imp');
  const r = await c.response();
  assert.equal(r.status, 408);
  assert.equal(r.closed, true);
  c.close();
});

test('idle keep-alive connections are closed', async () => {
  await router.setTable([routeApp('idle', [dyno])]);
  const c = new RawClient(router.port);
  c.write('GET / HTTP/1.1\r\nHost: idle.localhost\r\n\r\n');
  assert.equal((await c.response()).status, 200);
  await c.untilClosed();
  assert.equal(c.closed, true);
});
