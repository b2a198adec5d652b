// The Add-ons tab in the browser dashboard: one click adds Postgres, its card shows the state, the
// variable and the URL with the password masked until revealed; Destroy waits for the app's name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { chromiumMissing, startHarness } from './support/harness.js';
import type { Harness } from './support/harness.js';

const missing = chromiumMissing();
let h: Harness;

before(async () => {
  if (missing) return;
  h = await startHarness();
  // As root, Postgres runs as its own user, which must pass through the harness's private temp home.
  chmodSync(h.home, 0o711);
  await h.invoke('apps.deploy', { path: h.fixture('app-node'), name: 'shop' });
  await h.page.getByRole('button', { name: /^shop: / }).click();
});
after(async () => { await h?.close(); });

test('Add Postgres, see it available with a masked URL, reveal it, destroy it after typing the app name', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { page } = h;
  await page.getByRole('tab', { name: 'Add-ons' }).click();
  await page.getByRole('button', { name: 'Add Postgres' }).click();
  const card = page.getByRole('region', { name: /^postgresql-[a-z]+-\d+$/ });
  await card.getByText('available').waitFor({ timeout: 60_000 });
  const url = (await h.invoke('config.get', { app: 'shop' })).DATABASE_URL ?? '';
  const password = new URL(url).password;
  assert.ok(password.length >= 20);
  assert.match(await card.textContent() ?? '', /DATABASE_URL/);
  assert.ok(!(await page.content()).includes(password), 'the password is not on the page until revealed');
  await card.getByRole('button', { name: 'Reveal' }).click();
  await card.getByText(url).waitFor();

  await card.getByText('Destroy…').click();
  const destroy = card.getByRole('button', { name: /^Destroy postgresql-/ });
  assert.equal(await destroy.isDisabled(), true);
  await card.getByLabel(/^Type shop to destroy/).fill('shop');
  await destroy.click();
  await page.getByText('No add-ons yet.').waitFor();
  assert.deepEqual(await h.invoke('addons.list', { app: 'shop' }), []);
});
