// The limits a trusted proxy has: a connection cap that closes the idlest keep-alive connections first,
// the idle window on WebSocket tunnels, Host replaced for absolute-form targets, app ports answering
// local names only (421 otherwise), and methods the router refuses itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { askOsForPort } from '../../../electron/engine/dynos/port-allocator.js';
import { RawClient, request, routeApp, routerWithDyno, waitFor } from './helpers.js';

function echoedHost(body: Buffer): string | undefined {
  const raw = (JSON.parse(body.toString()) as { rawHeaders: string[] }).rawHeaders;
  return raw[raw.findIndex((h, i) => i % 2 === 0 && h.toLowerCase() === 'host') + 1];
}

test('over the connection cap, the idlest keep-alive connections are closed and new requests are answered', async (t) => {
  const { dyno, router, stop } = await routerWithDyno({ maxConnections: 20 });
  t.after(stop);
  await router.setTable([routeApp('app', [dyno])]);
  const held: RawClient[] = [];
  t.after(() => held.forEach((c) => c.close()));
  for (let i = 0; i < 20; i++) {
    const c = new RawClient(router.port);
    c.write(`GET /held-${i} HTTP/1.1\r\nHost: app.localhost\r\n\r\n`);
    assert.equal((await c.response()).status, 200);
    held.push(c);
  }
  for (let i = 0; i < 5; i++) {
    const r = await request(router.port, { path: `/new-${i}` });
    assert.equal(r.status, 200, `new request ${i}`);
  }
  await waitFor('the idlest closed', () => held[0]?.closed === true);
  assert.equal(held[19]?.closed, false, 'the most recently used one is kept');
});

test('a WebSocket tunnel with no traffic is closed after the idle window; one in use stays open', async (t) => {
  const { dyno, router, stop } = await routerWithDyno({ idleTimeoutMs: 500 });
  t.after(stop);
  await router.setTable([routeApp('app', [dyno])]);
  const open = async (): Promise<RawClient> => {
    const c = new RawClient(router.port);
    c.write(`GET /ws HTTP/1.1\r\nHost: app.localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n`
      + `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`);
    assert.equal((await c.response()).status, 101);
    return c;
  };
  const quiet = await open();
  const busy = await open();
  const ping = Buffer.from([0x89, 0x80, 1, 2, 3, 4]); // masked ping, empty payload: the dyno answers pong
  const timer = setInterval(() => busy.write(ping), 150);
  t.after(() => clearInterval(timer));
  const t0 = Date.now();
  await quiet.untilClosed(5_000);
  assert.ok(Date.now() - t0 >= 400, 'not before the idle window');
  await new Promise((r) => setTimeout(r, 700));
  assert.equal(busy.closed, false);
  clearInterval(timer);
  await busy.untilClosed(5_000);
  await waitFor('tunnels gone', () => router.stats('app').openConnections === 0);
});

test('absolute-form: routed by the target, and the dyno gets the target\'s authority as Host', async (t) => {
  const { dyno, router, stop } = await routerWithDyno();
  t.after(stop);
  await router.setTable([routeApp('app', [dyno])]);
  const r = await request(router.port, { path: 'http://app.localhost/x?y=1', host: 'spy.localhost' });
  assert.equal(r.status, 200);
  assert.equal(echoedHost(r.body), 'app.localhost');
  assert.equal((JSON.parse(r.body.toString()) as { url: string }).url, '/x?y=1');
  assert.equal((await request(router.port, { path: 'http://spy.localhost/', host: 'app.localhost' })).status, 404);
});

test('app ports answer local names only: another name gets a 421 that explains, and is logged', async (t) => {
  const { dyno, router, logs, stop } = await routerWithDyno();
  t.after(stop);
  const port = await askOsForPort();
  await router.setTable([routeApp('app', [dyno], {}, port)]);
  for (const host of ['rebind.attacker.example', `rebind.attacker.example:${port}`, '10.9.8.7', 'localhost.example']) {
    const r = await request(port, { host, path: '/rebind' });
    assert.equal(r.status, 421, host);
    assert.match(r.body.toString(), /this machine only/);
  }
  assert.match(await logs.line('/rebind'), /^app at=error code=H25 desc="HTTP Restriction" .* status=421 /);
  // The shared port routes by name anyway: no such check there.
  assert.equal((await request(router.port, { host: 'app.localhost' })).status, 200);
  // With LAN access on, this machine's LAN addresses are local too.
  const lan = Object.values(networkInterfaces()).flatMap((l) => l ?? []).find((a) => !a.internal && a.family === 'IPv4');
  if (lan) {
    await router.setHost('0.0.0.0');
    assert.equal((await request(port, { host: `${lan.address}:${port}` })).status, 200);
    assert.equal((await request(port, { host: 'rebind.attacker.example' })).status, 421);
  } else {
    t.diagnostic('no LAN IPv4 address on this machine: the LAN-access half was not exercised');
  }
});

test('TRACE and CONNECT are refused with 405, logged as H26, and reach no dyno', async (t) => {
  const { dyno, router, logs, stop } = await routerWithDyno();
  t.after(stop);
  await router.setTable([routeApp('app', [dyno])]);
  const r = await request(router.port, { method: 'TRACE', path: '/trace' });
  assert.equal(r.status, 405);
  assert.match(r.headers.map(([k, v]) => `${k}: ${v}`).join('\n'), /^Allow: GET, HEAD/m);
  assert.match(await logs.line('/trace'), /code=H26 desc="Request Error" method=TRACE .* dyno=none .* status=405 /);
  // CONNECT (authority-form target) would open a tunnel to anywhere: refused the same way.
  const connect = await request(router.port, { method: 'CONNECT', path: 'app.localhost:443' });
  assert.equal(connect.status, 405);
  assert.match(await logs.line('app.localhost:443'), /code=H26 desc="Request Error" method=CONNECT .* dyno=none .* status=405 /);
  assert.equal(router.stats('app').dynos['web.1']?.requests ?? 0, 0);
});
