// The router sees every dyno state the engine knows, end to end: an app whose web dyno keeps crashing
// answers H10 (Heroku's "App crashed"), never H14, and one scaled to zero web dynos answers H14.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, httpGet, openEngine, waitForDynos } from '../../helpers/engine.js';
import { waitFor } from './helpers.js';

test('a crashing web dyno gets H10; a formation of zero web dynos gets H14', async (t) => {
  const e = await openEngine({ bootTimeoutS: 5 });
  t.after(() => e.close());
  await e.call('apps.deploy', { path: fixture('dyno-crash'), name: 'crashy' });
  await waitForDynos(e, 'crashy', (d) => d.some((x) => x.restarts > 0), 'web.1 crashed at least once');
  for (let i = 0; i < 3; i++) {
    const r = await httpGet(e.engine.routerPort, 'crashy.localhost', `/crash-${i}`);
    assert.equal(r.status, 503);
  }
  const lines = async (): Promise<string[]> => (await e.call('logs.get', { app: 'crashy', lines: 1000 })).map((l) => l.text);
  await waitFor('router lines', async () => (await lines()).filter((l) => l.includes('path="/crash-')).length === 3);
  for (const l of (await lines()).filter((x) => x.includes('path="/crash-'))) assert.match(l, /code=H10 desc="App crashed"/);
  await e.call('ps.scale', { app: 'crashy', formation: { web: 0 } });
  await waitFor('H14', async () => (await httpGet(e.engine.routerPort, 'crashy.localhost', '/zero')).status === 503
    && (await lines()).some((l) => l.includes('path="/zero"') && l.includes('code=H14')));
});
