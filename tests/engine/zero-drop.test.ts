// Issue 3's promise, end to end through the real engine: under a bounded loopback load, scaling
// 1→4→1 and a rolling restart drop nothing (zero non-2xx, zero socket errors).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allUp, fixture, openEngine, waitForDynos } from '../helpers/engine.js';
import { startLoad } from '../helpers/load.js';

test('scaling 1→4→1, a rolling restart and a config change under load drop no request', async (t) => {
  const e = await openEngine({ graceS: 5 });
  t.after(() => e.close());
  await e.call('apps.deploy', { path: fixture('dyno-web'), name: 'steady' });
  await waitForDynos(e, 'steady', allUp({ web: 1 }), 'web.1 up');
  const load = startLoad(e.engine.routerPort, 'steady.localhost', 16);
  // Each change must happen while requests are flowing: count what completed during it.
  const during: Record<string, number> = {};
  const phase = async (name: string, change: () => Promise<unknown>): Promise<void> => {
    const before = load.ok;
    await change();
    during[name] = load.ok - before;
  };
  try {
    await new Promise((r) => setTimeout(r, 500));
    await phase('scale 1→4', async () => {
      await e.call('ps.scale', { app: 'steady', formation: { web: 4 } });
      await waitForDynos(e, 'steady', allUp({ web: 4 }), '4 web dynos up');
    });
    await phase('scale 4→1', async () => {
      await e.call('ps.scale', { app: 'steady', formation: { web: 1 } });
      await waitForDynos(e, 'steady', allUp({ web: 1 }), 'back to 1');
    });
    const before = (await e.call('ps.list', { app: 'steady' }))[0]?.pid;
    await phase('rolling restart', async () => {
      await e.call('ps.restart', { app: 'steady', target: 'web' });
      await waitForDynos(e, 'steady', (d) => allUp({ web: 1 })(d) && d[0]?.pid !== before, 'rolling restart done');
    });
    // A config change is a new release: its dynos replace the old ones the same rolling way.
    await e.call('ps.scale', { app: 'steady', formation: { web: 2 } });
    await waitForDynos(e, 'steady', allUp({ web: 2 }), '2 web dynos up');
    const old = new Set((await e.call('ps.list', { app: 'steady' })).map((d) => d.pid));
    await phase('config change', async () => {
      await e.call('config.set', { app: 'steady', vars: { ROLLED: '1' } });
      await waitForDynos(e, 'steady', (d) => allUp({ web: 2 })(d) && d.every((x) => !old.has(x.pid)), 'new release rolled out');
    });
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    await load.stop();
  }
  const errors = (await e.call('logs.get', { app: 'steady', lines: 10_000 }))
    .filter((l) => l.text.startsWith('at=error') || l.dyno !== 'router')
    .filter((l, i, all) => !l.text.startsWith('at=error') || !all[i - 1]?.text.startsWith('at=error'))
    .map((l) => `${l.time.slice(11, 23)} ${l.dyno}: ${l.text.slice(0, 90)}`);
  assert.deepEqual(Object.fromEntries(load.bad), {}, `no failed request; log:\n${errors.slice(-60).join('\n')}`);
  assert.ok(load.ok > 200, `the load ran (${load.ok} requests)`);
  for (const [name, n] of Object.entries(during)) assert.ok(n > 0, `requests completed during ${name} (${JSON.stringify(during)})`);
});
