// A bad release must not take a serving app down. Under load through the real router, a config
// change whose web dynos cannot boot (PATH=/nonexistent: the shell finds no `node`, exit 127) or
// never bind $PORT (R10) fails no request: the old dynos keep serving, the release is marked failed
// with its reason, and the command still succeeds, with a warning. A good change then rolls normally.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allUp, fixture, openEngine, waitForDynos, type TestEngine } from '../helpers/engine.js';
import { startLoad } from '../helpers/load.js';

const APP = 'steady';

async function webDynos(e: TestEngine): Promise<Array<[string, string, number | null, number | null]>> {
  return (await e.call('ps.list', { app: APP })).map((d) => [d.name, d.state, d.pid, d.release]);
}

test('under load, releases whose dynos crash or never bind fail no request and leave the old release serving', async (t) => {
  const e = await openEngine({ graceS: 3, bootTimeoutS: 3 });
  t.after(() => e.close());
  await e.call('apps.deploy', { path: fixture('dyno-fickle'), name: APP });
  await e.call('ps.scale', { app: APP, formation: { web: 2 } });
  await waitForDynos(e, APP, allUp({ web: 2 }), '2 web dynos up');
  const load = startLoad(e.engine.routerPort, `${APP}.localhost`, 8);
  const during: Record<string, number> = {};
  const phase = async <T>(name: string, change: () => Promise<T>): Promise<T> => {
    const before = load.ok;
    const result = await change();
    during[name] = load.ok - before;
    return result;
  };
  try {
    await new Promise((r) => setTimeout(r, 300));
    const v1 = await webDynos(e);
    assert.deepEqual(v1.map(([name, state, , release]) => `${name}:${state}:v${release}`), ['web.1:up:v1', 'web.2:up:v1']);

    const crashed = await phase('crash on boot', () => e.call('config.set', { app: APP, vars: { PATH: '/nonexistent' } }));
    assert.equal(crashed.release, 2, 'the release is recorded');
    assert.match(crashed.warning ?? '', /^release v2 failed: web\.[12] crashed during boot \(exit 127\); still serving v1$/);
    assert.deepEqual(await webDynos(e), v1, 'the same old dynos, up, on v1');
    const info = await e.call('apps.info', { app: APP });
    assert.equal(info.release, 2);
    assert.equal(info.state, 'up');
    assert.deepEqual({ ...info.releaseStatus, reason: null }, { version: 2, status: 'failed', reason: null, serving: 1 });
    assert.match(info.releaseStatus?.reason ?? '', /^web\.[12] crashed during boot \(exit 127\)$/);
    const log = (await e.call('logs.get', { app: APP, lines: 10_000 })).map((l) => `${l.dyno}: ${l.text}`);
    assert.ok(log.some((l) => /^api: Release v2 failed: web\.[12] crashed during boot \(exit 127\); still serving v1$/.test(l)), log.slice(-30).join('\n'));

    const hung = await phase('never binds', () => e.call('config.set', { app: APP, vars: { PATH: process.env.PATH ?? '/usr/bin:/bin', BOOT: 'hang' } }));
    assert.match(hung.warning ?? '', /^release v3 failed: web\.[12] did not bind \$PORT within 3 seconds \(R10 boot timeout\); still serving v1$/);
    assert.deepEqual(await webDynos(e), v1);
    assert.equal((await e.call('apps.list', {}))[0]?.releaseStatus?.status, 'failed');

    const good = await phase('good change', () => e.call('config.unset', { app: APP, keys: ['BOOT', 'PATH'] }));
    assert.deepEqual(good, { release: 4, warning: null });
    // Answered once both replacements are up; the old dynos drain after that.
    const v4 = await waitForDynos(e, APP, (d) => allUp({ web: 2 })(d) && d.every((x) => x.release === 4), 'v4 rolled out');
    assert.ok(v4.every((d) => !v1.some(([, , old]) => old === d.pid)), 'replaced');
    assert.deepEqual((await e.call('apps.info', { app: APP })).releaseStatus, { version: 4, status: 'succeeded', reason: null, serving: 4 });
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    await load.stop();
  }
  assert.deepEqual(Object.fromEntries(load.bad), {}, 'no failed request');
  for (const [name, n] of Object.entries(during)) assert.ok(n > 0, `requests completed during ${name} (${JSON.stringify(during)})`);
});
