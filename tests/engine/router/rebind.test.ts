// RouterHandle.setHost: the worker moves its shared and app ports to another address, all or nothing,
// and a restarted worker comes back on the current address.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { UserError } from '../../../electron/engine/errors.js';
import { listeningAddresses } from '../../helpers/listen-table.js';
import { request, routeApp, startDyno, startTestRouter, waitFor, type Dyno, type Router } from './helpers.js';
import { askOsForPort } from '../../../electron/engine/dynos/port-allocator.js';

function listenOn(host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer((c) => c.destroy());
    s.once('error', reject);
    s.listen({ host, port }, () => resolve(s));
  });
}

/** A dyno and a router for one test, stopped when it ends, however it ends. */
async function setup(t: TestContext): Promise<{ dyno: Dyno; router: Router }> {
  const dyno = await startDyno('web.1');
  t.after(() => dyno.stop());
  const router = await startTestRouter();
  t.after(() => router.stop());
  return { dyno, router };
}

test('setHost moves the shared port and every app port, and back', async (t) => {
  const { dyno, router } = await setup(t);
  const appPort = await askOsForPort();
  await router.setTable([routeApp('app', [dyno], {}, appPort)]);
  assert.equal(router.host, '127.0.0.1');
  assert.deepEqual(await router.listening(), { host: '127.0.0.1', shared: router.port, apps: [appPort] });
  await router.setHost('0.0.0.0');
  assert.equal(router.host, '0.0.0.0');
  assert.deepEqual(await router.listening(), { host: '0.0.0.0', shared: router.port, apps: [appPort] });
  if (listeningAddresses(router.port)) {
    assert.deepEqual(listeningAddresses(router.port), ['0.0.0.0']);
    assert.deepEqual(listeningAddresses(appPort), ['0.0.0.0']);
  }
  assert.equal((await request(router.port)).status, 200);
  assert.equal((await request(appPort)).status, 200);
  // A table change after the move opens new app ports on the new address.
  const second = await askOsForPort();
  await router.setTable([routeApp('app', [dyno], {}, appPort), routeApp('other', [dyno], {}, second)]);
  assert.deepEqual((await router.listening()).apps, [appPort, second].sort((a, b) => a - b));
  if (listeningAddresses(second)) assert.deepEqual(listeningAddresses(second), ['0.0.0.0']);
  await router.setHost('127.0.0.1');
  assert.deepEqual(await router.listening(), { host: '127.0.0.1', shared: router.port, apps: [appPort, second].sort((a, b) => a - b) });
  assert.equal((await request(second)).status, 200);
});

test('a bad address is a UserError and changes nothing', async (t) => {
  const router = await startTestRouter();
  t.after(() => router.stop());
  await assert.rejects(router.setHost('localhost'), (e: unknown) => e instanceof UserError && /invalid listening address "localhost"/.test(e.message));
  await assert.rejects(router.setHost(''), UserError);
  assert.equal((await router.listening()).host, '127.0.0.1');
  // An address this machine does not have (TEST-NET-2, checked): refused by the kernel, the router stays put.
  const mine = new Set(Object.values(networkInterfaces()).flatMap((l) => (l ?? []).map((i) => i.address)));
  const absent = ['198.51.100.254', '198.51.100.253', '203.0.113.254'].find((a) => !mine.has(a)) as string;
  await assert.rejects(router.setHost(absent), (e: unknown) => e instanceof UserError
    && e.message === `Could not listen on port ${router.port} on ${absent} (that address is not available on this machine); the router stays on 127.0.0.1.`);
  assert.deepEqual(await router.listening(), { host: '127.0.0.1', shared: router.port, apps: [] });
  assert.equal((await request(router.port)).status, 404);
});

test('a taken app port fails the whole move; the router goes back and keeps serving', { skip: process.platform !== 'linux' && 'needs 127.0.0.2 on loopback (Linux)' }, async (t) => {
  const { dyno, router } = await setup(t);
  const [a, b] = [await askOsForPort(), await askOsForPort()];
  await router.setTable([routeApp('one', [dyno], {}, a), routeApp('two', [dyno], {}, b)]);
  const blocker = await listenOn('127.0.0.2', b);
  t.after(() => blocker.close());
  await assert.rejects(router.setHost('0.0.0.0'), (e: unknown) => e instanceof UserError
    && e.message === `Could not listen on port ${b} on 0.0.0.0 (another program is using it); the router stays on 127.0.0.1.`);
  assert.equal(router.host, '127.0.0.1');
  assert.deepEqual(await router.listening(), { host: '127.0.0.1', shared: router.port, apps: [a, b].sort((x, y) => x - y) });
  if (listeningAddresses(a)) {
    assert.deepEqual(listeningAddresses(router.port), ['127.0.0.1']);
    assert.deepEqual(listeningAddresses(a), ['127.0.0.1'], 'no socket was left on 0.0.0.0');
  }
  for (const p of [router.port, a, b]) assert.equal((await request(p, { host: p === router.port ? 'one.localhost' : 'localhost' })).status, 200);
});

test('an app port that could not open before does not block the move', { skip: process.platform !== 'linux' && 'needs 127.0.0.2 on loopback (Linux)' }, async (t) => {
  const { dyno, router } = await setup(t);
  const taken = await askOsForPort();
  // Taken on 127.0.0.1 itself: the router could never open it, on either address.
  const blocker = await listenOn('127.0.0.1', taken);
  t.after(() => blocker.close());
  await router.setTable([routeApp('app', [dyno], {}, taken)]);
  assert.deepEqual((await router.listening()).apps, []);
  await router.setHost('0.0.0.0');
  assert.deepEqual(await router.listening(), { host: '0.0.0.0', shared: router.port, apps: [] });
});

test('a worker restarted after a crash binds to the current address, not the one it started on', async (t) => {
  const { dyno, router } = await setup(t);
  const appPort = await askOsForPort();
  await router.setTable([routeApp('app', [dyno], {}, appPort)]);
  await router.setHost('0.0.0.0');
  await router.killWorkerForTest();
  await waitFor('router back', async () => (await request(router.port).catch(() => null))?.status === 200);
  await waitFor('app port back', async () => (await request(appPort).catch(() => null))?.status === 200);
  assert.equal(router.workerRestarts, 1);
  assert.deepEqual(await router.listening(), { host: '0.0.0.0', shared: router.port, apps: [appPort] });
  if (listeningAddresses(router.port)) assert.deepEqual(listeningAddresses(router.port), ['0.0.0.0']);
});
