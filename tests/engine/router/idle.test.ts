// An idle router must not wake up: its timers run only while something is open, in flight, pending
// or still changing. The core runs in-process here so its wakeup counters can be read directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RouterCore } from '../../../electron/engine/router/router-core.js';
import type { FromWorker } from '../../../electron/engine/router/messages.js';
import type { RouteApp } from '../../../electron/engine/router/index.js';
import { RawClient, settings, startDyno, waitFor } from './helpers.js';

function startCore(): { core: RouterCore; messages: FromWorker[] } {
  const messages: FromWorker[] = [];
  const core = new RouterCore({
    host: '127.0.0.1', port: 0, requestTimeoutMs: 5_000, idleTimeoutMs: 55_000, bootTimeoutMs: 5_000, connectTimeoutMs: 5_000,
    headersTimeoutMs: 10_000, keepAliveTimeoutMs: 60_000, maxConnections: 10_000, forbiddenPorts: [], upstreamHost: '127.0.0.1',
  }, (m) => messages.push(m));
  return { core, messages };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('a router with 20 idle dynos and no traffic never wakes up', async () => {
  const { core } = startCore();
  await core.start();
  try {
    const apps: RouteApp[] = [];
    for (let a = 0; a < 10; a++) {
      apps.push({ name: `app${a}`, port: 0, settings: settings(), dynos: [
        { name: 'web.1', port: 40_000 + a * 2, state: 'up' }, { name: 'web.2', port: 40_001 + a * 2, state: 'up' },
      ] });
    }
    await core.setTable(apps);
    await sleep(1_000);
    assert.deepEqual(core.wakeups(), { sweep: 0, pools: 0, stats: 0, logs: 0 });
  } finally {
    await core.stop();
  }
});

test('after traffic ends, the sweeper, log flusher and pool sweeper go back to sleep', async () => {
  const dyno = await startDyno('web.1');
  const { core, messages } = startCore();
  const port = await core.start();
  try {
    await core.setTable([{ name: 'app', port: 0, settings: settings(), dynos: [{ name: 'web.1', port: dyno.port, state: 'up' }] }]);
    const c = new RawClient(port);
    for (let i = 0; i < 3; i++) {
      c.write('GET / HTTP/1.1\r\nHost: app.localhost\r\n\r\n');
      assert.equal((await c.response()).status, 200);
    }
    c.close();
    // The log lines reach the main thread, and the pooled dyno socket is closed once it has idled out.
    await waitFor('log batch', () => messages.some((m) => m.t === 'logs'));
    await waitFor('pool sweeper asleep', () => core.wakeups().pools > 0 && !core.timersRunning().pools, 15_000);
    await waitFor('sweeper and log flusher asleep', () => !core.timersRunning().sweep && !core.timersRunning().logs);
    const before = core.wakeups();
    await sleep(1_000);
    const after = core.wakeups();
    assert.equal(after.sweep, before.sweep);
    assert.equal(after.logs, before.logs);
    assert.equal(after.pools, before.pools);
    // Stats still age (rps windows) but at most once a second, not four times.
    assert.ok(after.stats - before.stats <= 2, `${after.stats - before.stats} stats wakeups in 1 s`);
  } finally {
    await core.stop();
    await dyno.stop();
  }
});
