// The deploy flow in the browser dashboard: Project folder wants an absolute path, and app.json's
// required config vars are asked for in a form (with their descriptions), then deployed with.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumMissing, startHarness } from './support/harness.js';
import type { Harness } from './support/harness.js';

const missing = chromiumMissing();
let h: Harness;

before(async () => { if (!missing) h = await startHarness(); });
after(async () => { await h?.close(); });

test('a relative or ~ path is answered in the page: the path must be absolute', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { page } = h;
  const field = page.getByRole('textbox', { name: 'Project folder' });
  for (const typed of ['my-app', '~/projects/my-app']) {
    await field.fill(typed);
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    const hint = page.getByRole('status').filter({ hasText: 'must be absolute' });
    await hint.waitFor();
    if (typed.startsWith('~')) assert.match((await hint.textContent()) ?? '', /~ is not expanded/);
  }
  assert.equal(h.events.filter((ev) => ev.event === 'deploy.progress').length, 0, 'nothing was sent to the engine');
  assert.equal(await page.getByLabel('Deploy progress').count(), 0);
});

test('required config vars: a form with their descriptions, then the app deploys with them', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { page } = h;
  await page.getByRole('textbox', { name: 'Project folder' }).fill(h.fixture('app-required'));
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  const form = page.getByRole('form', { name: 'Config vars this app needs' });
  await form.waitFor();
  const token = form.getByRole('textbox', { name: 'API_TOKEN' });
  const region = form.getByRole('textbox', { name: 'REGION' });
  const describedBy = await token.getAttribute('aria-describedby');
  assert.equal(await form.locator(`[id="${describedBy ?? ''}"]`).textContent(), 'Token for the upstream API', 'the description belongs to its field');
  assert.equal(await region.getAttribute('aria-describedby'), null, 'REGION has no description');
  assert.equal(await form.getByRole('textbox').count(), 2, 'GREETING has a default: not asked for');
  assert.equal(await page.getByRole('alert').filter({ hasText: 'Deploy failed' }).count(), 0, 'a question, not a failure');
  assert.deepEqual(await h.invoke('apps.list', {}), []);

  await token.fill('tok-123');
  await region.fill('eu-west');
  await form.getByRole('button', { name: 'Deploy with these' }).click();
  await page.getByRole('heading', { name: 'required-demo', level: 2 }).waitFor({ timeout: 60_000 });
  assert.deepEqual(await h.invoke('config.get', { app: 'required-demo' }), { API_TOKEN: 'tok-123', REGION: 'eu-west' });
});

test('an app without a web process shows no URL and no Open app', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { page } = h;
  await h.invoke('apps.deploy', { path: h.fixture('dyno-worker', 'jobs') });
  const item = page.getByRole('button', { name: /^jobs: / });
  await item.waitFor();
  assert.match((await item.textContent()) ?? '', /no web process/);
  assert.doesNotMatch((await item.textContent()) ?? '', /localhost/);
  await item.click();
  const view = page.getByRole('article', { name: 'App jobs' });
  await view.getByText('no web process, so no URL').waitFor();
  assert.equal(await view.getByRole('button', { name: 'Open app' }).count(), 0);
  assert.equal(await view.getByRole('link').filter({ hasText: 'localhost' }).count(), 0);
});
