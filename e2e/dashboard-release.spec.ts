// A failed release in the browser dashboard: saving a config var that keeps the new web dynos from
// booting says so where it was saved and in a banner over the app, while the old release serves on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumMissing, startHarness } from './support/harness.js';
import type { Harness } from './support/harness.js';
import { waitFor } from './support/wait.js';

const missing = chromiumMissing();
let h: Harness;
let appPort = 0;

before(async () => {
  if (missing) return;
  h = await startHarness();
  ({ app: { port: appPort } } = await h.invoke('apps.deploy', { path: h.fixture('dyno-fickle'), name: 'fickle' }));
  await waitFor('web.1 up', async () => (await h.invoke('ps.list', { app: 'fickle' }))[0]?.state === 'up');
  await h.page.getByRole('button', { name: /^fickle: / }).click();
});
after(async () => { await h?.close(); });

test('a config var that crashes the new dynos: a failed-release banner with the reason, v1 still serving', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { page } = h;
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByLabel('New config var name', { exact: true }).fill('BOOT');
  await page.getByLabel('New config var value', { exact: true }).fill('crash');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('button', { name: 'Save config vars' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved as release v2' }).waitFor();
  await page.getByRole('alert').filter({ hasText: /^Release v2 failed: web\.1 crashed during boot \(exit 1\); still serving v1$/ }).waitFor();
  const banner = page.getByRole('alert', { name: 'Release v2 failed' });
  await banner.waitFor();
  assert.match(await banner.textContent() ?? '', /web\.1 crashed during boot \(exit 1\)\..*Still serving v1/);
  assert.equal((await fetch(`http://127.0.0.1:${appPort}/`)).status, 200, 'v1 answers');

  // A good release clears it.
  await h.invoke('config.unset', { app: 'fickle', keys: ['BOOT'] });
  await waitFor('the banner to go', async () => (await banner.count()) === 0);
});
