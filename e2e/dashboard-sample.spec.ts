// First run without a project of your own: "Try a sample app" deploys the bundled web + worker sample.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumMissing, startHarness } from './support/harness.js';
import type { Harness } from './support/harness.js';
import { waitFor } from './support/wait.js';
import { httpGet } from '../tests/helpers/engine.js';

const missing = chromiumMissing();
let h: Harness;

before(async () => { if (!missing) h = await startHarness(); });
after(async () => { await h?.close(); });


test('Try a sample app deploys the sample: two web dynos and a worker, served by the router', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { page } = h;
  await page.getByRole('button', { name: 'Try a sample app' }).click();
  await page.getByRole('heading', { name: 'dynodesk-sample', level: 2 }).waitFor({ timeout: 60_000 });
  const dynos = await waitFor('sample formation up', async () => {
    const list = await h.invoke('ps.list', { app: 'dynodesk-sample' });
    return list.filter((d) => d.state === 'up').length === 3 ? list : null;
  }, 30_000);
  assert.deepEqual(dynos.map((d) => d.name).sort(), ['web.1', 'web.2', 'worker.1']);
  const { body } = await httpGet(h.engine.routerPort, 'dynodesk-sample.localhost');
  assert.match(body, /web\.[12]/, 'the page names the dyno that served it');
});
