// The main-thread handle: option checks, port conflicts, worker restarts, stats push rate, stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { UserError } from '../../../electron/engine/errors.js';
import { startRouter } from '../../../electron/engine/router/index.js';
import { RawClient, collectLogs, request, routeApp, startDyno, startTestRouter, waitFor } from './helpers.js';

test('bad options are rejected with a UserError', async () => {
  const base = { port: 0, host: '127.0.0.1', requestTimeoutMs: 1000, bootTimeoutMs: 1000, forbiddenPorts: [] };
  await assert.rejects(startRouter({ ...base, port: -1 }), UserError);
  await assert.rejects(startRouter({ ...base, requestTimeoutMs: 0 }), /requestTimeoutMs/);
  await assert.rejects(startRouter({ ...base, host: '' }), /host/);
});

test('a taken port is a clear error', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  const a = blocker.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  try {
    await assert.rejects(startTestRouter({ port }), new RegExp(`router port ${port} is already in use`));
  } finally {
    blocker.close();
  }
});

test('a dead worker is restarted on the same port with the same table, and it is logged', async () => {
  const dyno = await startDyno('web.1');
  const router = await startTestRouter();
  const logs = collectLogs(router);
  try {
    await router.setTable([routeApp('app', [dyno])]);
    assert.equal((await request(router.port)).status, 200);
    await router.killWorkerForTest();
    await waitFor('router back', async () => (await request(router.port).catch(() => null))?.status === 200);
    assert.equal(router.workerRestarts, 1);
    assert.ok(logs.lines.some((l) => /^app at=error desc="router worker died .*; restarting"$/.test(l)), logs.lines.join('\n'));
  } finally {
    logs.stop();
    await router.stop();
    await dyno.stop();
  }
});

test('stats are pushed at most 4 times a second per app, and only when they change', async () => {
  const dyno = await startDyno('web.1');
  const router = await startTestRouter();
  const pushes: number[] = [];
  const off = router.onStats((app) => {
    if (app === 'app') pushes.push(Date.now());
  });
  try {
    await router.setTable([routeApp('app', [dyno])]);
    const c = new RawClient(router.port);
    const t0 = Date.now();
    for (let i = 0; i < 400; i++) {
      c.write('GET / HTTP/1.1\r\nHost: app.localhost\r\n\r\n');
      await c.response();
    }
    c.close();
    const elapsed = Date.now() - t0;
    await waitFor('final stats', () => router.stats('app').requests === 400);
    const during = pushes.filter((t) => t <= t0 + elapsed);
    assert.ok(during.length <= Math.ceil(elapsed / 250) + 1, `${during.length} pushes in ${elapsed} ms`);
  } finally {
    off();
    await router.stop();
    await dyno.stop();
  }
});

test('stop closes the port and is idempotent', async () => {
  const router = await startTestRouter();
  const port = router.port;
  await router.stop();
  await router.stop();
  await assert.rejects(request(port));
});
