// Deploying through the browser dashboard: the empty state, a failed deploy with its message and log, a good one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumMissing, startHarness } from './support/harness.js';
import type { Harness } from './support/harness.js';
import { waitFor } from './support/wait.js';

const missing = chromiumMissing();
let h: Harness;

before(async () => { if (!missing) h = await startHarness(); });
after(async () => { await h?.close(); });

test('first run shows the empty state with a Project folder field', async (t) => {
  if (missing) { t.skip(missing); return; }
  await h.page.getByRole('heading', { name: 'Drop a project folder here' }).waitFor();
  assert.equal(await h.page.getByRole('textbox', { name: 'Project folder' }).isVisible(), true);
  assert.equal(await h.page.getByRole('button', { name: 'Deploy', exact: true }).isVisible(), true);
  // The token left the address bar once read.
  assert.equal(new URL(h.page.url()).hash, '');
});

test('a folder that is not an app shows the engine message, the log and Retry', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { page } = h;
  await page.getByRole('textbox', { name: 'Project folder' }).fill(h.fixture('empty'));
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Deploy failed' });
  await alert.waitFor();
  const text = (await alert.textContent()) ?? '';
  const engineMessage = await h.invoke('apps.deploy', { path: h.fixture('empty', 'empty-again') }).then(() => '', (err: Error) => err.message.replace(/^apps\.deploy failed: /, ''));
  assert.ok(engineMessage.length > 0, 'the engine refuses the folder');
  // Same wording as the engine's (modulo the folder path, which differs between the two copies).
  const firstWords = engineMessage.split(/[:/]/)[0]?.trim() ?? '';
  assert.ok(text.includes(firstWords), `alert "${text}" shows the engine message "${engineMessage}"`);
  assert.equal(await page.getByRole('button', { name: 'Retry' }).isVisible(), true);
  assert.equal(await page.getByLabel('Build log', { exact: true }).isVisible(), true);
  assert.equal(await page.locator('.step-failed').count(), 1, 'one step is marked failed');
  // Retry runs the deploy again and fails the same way, without a page reload.
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.getByRole('alert').filter({ hasText: 'Deploy failed' }).waitFor();
  assert.deepEqual(await h.invoke('apps.list', {}), []);
});

test('deploy by path shows the steps, then the app in the list and its view', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { page } = h;
  const progress: string[] = [];
  const path = h.fixture('app-node');
  await page.getByRole('textbox', { name: 'Project folder' }).fill(path);
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  await page.getByRole('heading', { name: 'app-node', level: 2 }).waitFor({ timeout: 60_000 });
  for (const ev of h.events) if (ev.event === 'deploy.progress' && ev.payload.app === 'app-node') progress.push(ev.payload.step);
  assert.ok(progress.includes('detect') && progress.includes('start'), `progress steps seen: ${progress.join(',')}`);
  await page.getByRole('button', { name: /^app-node: / }).waitFor();
  await page.getByRole('slider', { name: 'web dynos' }).waitFor();
  const apps = await h.invoke('apps.list', {});
  assert.deepEqual(apps.map((a) => a.name), ['app-node']);
  // The list shows the app's URL and dyno count.
  const item = (await page.getByRole('button', { name: /^app-node: / }).textContent()) ?? '';
  assert.ok(item.includes(apps[0]!.url), item);
  // Heroku's default formation: one web dyno, other types at 0.
  await waitFor('web.1 up in its chip', async () => (await page.locator('.chip-up[data-dyno="web.1"]').count()) === 1, 30_000);
  assert.equal(await page.getByRole('slider', { name: 'worker dynos' }).inputValue(), '0');
});
