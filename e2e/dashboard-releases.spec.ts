// The Releases tab in the browser dashboard, against a real engine: the list of releases, Roll back
// (asked first, then serving the old code as a new release), redeploy on save with the build's output
// and a failed build's error, the git remote command with its copy button, slug and cache sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumMissing, startHarness } from './support/harness.js';
import type { Harness } from './support/harness.js';
import { waitFor } from './support/wait.js';

const missing = chromiumMissing();
const APP = 'app-autodeploy';
let h: Harness;
let path = '';
let appPort = 0;

async function body(): Promise<string> {
  // An app port answers names of this machine only.
  const res = await fetch(`http://127.0.0.1:${appPort}/`, { headers: { host: `${APP}.localhost` } }).catch(() => null);
  return res?.ok ? (await res.text()) : '';
}

before(async () => {
  if (missing) return;
  h = await startHarness();
  path = h.fixture(APP);
  ({ app: { port: appPort } } = await h.invoke('apps.deploy', { path }));
  writeFileSync(join(path, 'message.txt'), 'second\n');
  await h.invoke('apps.deploy', { path });
  await waitFor('v2 serving', async () => (await body()) === 'second', 60_000);
  await h.page.getByRole('button', { name: new RegExp(`^${APP}: `) }).click();
  await h.page.getByRole('tab', { name: 'Releases' }).click();
});
after(async () => { await h?.close(); });

test('the releases list shows each version, its source and age, and which is current', async (t) => {
  if (missing) { t.skip(missing); return; }
  const table = h.page.getByRole('table', { name: 'Releases' });
  const v2 = table.getByRole('row', { name: 'Release v2' });
  const v1 = table.getByRole('row', { name: 'Release v1' });
  await v2.waitFor();
  assert.match(await v2.textContent() ?? '', /v2current.*folder deploy.*just now.*succeeded/);
  assert.match(await v1.textContent() ?? '', /^v1.*folder deploy.*just now/);
  assert.equal(await v2.getByRole('button', { name: /Roll back/ }).count(), 0, 'nothing to roll back to on the current release');
  const sizes = h.page.getByLabel('Slug size');
  await sizes.waitFor();
  assert.match(await sizes.textContent() ?? '', /\d+(\.\d)? (B|KB|MB)/);
});

test('Roll back asks first; confirmed, it makes a new release that serves the old code', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { page } = h;
  const table = page.getByRole('table', { name: 'Releases' });
  const v1 = table.getByRole('row', { name: 'Release v1' });
  const ask = v1.getByRole('button', { name: 'Roll back to v1…' });
  if (await ask.isDisabled()) {
    t.skip(`rollback is not available from the engine yet: ${await v1.textContent()}`);
    return;
  }
  await ask.click();
  await v1.getByText('Roll back to v1? A new release runs its code and config vars.').waitFor();
  await v1.getByRole('button', { name: 'Cancel' }).click();
  assert.equal((await h.invoke('apps.info', { app: APP })).release, 2, 'Cancel changes nothing');

  await ask.click();
  await v1.getByRole('button', { name: 'Roll back to v1', exact: true }).click();
  await page.getByRole('status').filter({ hasText: /^Rolled back to v1 as v3/ }).waitFor({ timeout: 60_000 });
  await waitFor('v1\'s code serving again', async () => (await body()) === 'first', 60_000);
  const v3 = table.getByRole('row', { name: 'Release v3' });
  await v3.waitFor();
  assert.match(await v3.textContent() ?? '', /v3current.*rollback/);
  const releases = await h.invoke('releases.list', { app: APP });
  assert.deepEqual(releases.map((r) => [r.version, r.source, r.current]), [[3, 'rollback', true], [2, 'folder', false], [1, 'folder', false]]);
});

test('autodeploy: on, an edit builds before your eyes and releases; a failed build shows its error; off', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { page } = h;
  const toggle = page.getByRole('checkbox', { name: 'Redeploy on save (autodeploy)' });
  assert.equal(await toggle.isChecked(), false, 'off by default');
  await toggle.click();
  await waitFor('the engine to have it on', async () => (await h.invoke('apps.info', { app: APP })).settings.autodeploy);
  await waitFor('the checkbox to follow', () => toggle.isChecked());
  const before = (await h.invoke('apps.info', { app: APP })).release;

  writeFileSync(join(path, 'message.txt'), 'saved\n');
  const status = page.getByRole('status').filter({ hasText: /^Autodeploy build done: Deployed app-autodeploy v\d+/ });
  await status.waitFor({ timeout: 60_000 });
  assert.match(await page.getByLabel('Build log', { exact: true }).textContent() ?? '', /build\.js: built "saved"/);
  await waitFor('the edit served', async () => (await body()) === 'saved', 60_000);
  await page.getByRole('table', { name: 'Releases' }).getByRole('row', { name: `Release v${before + 1}` }).waitFor();

  writeFileSync(join(path, 'message.txt'), 'FAIL on purpose\n');
  const failed = page.getByRole('alert', { name: 'Build failed', exact: true });
  await failed.waitFor({ timeout: 60_000 });
  assert.match(await failed.textContent() ?? '', /Build failed: `npm run build` .*message\.txt asks this build to fail.*keeps serving/s);
  // The banner over every tab says so too, and leads back here.
  const banner = page.getByRole('alert', { name: 'Autodeploy build failed' });
  await page.getByRole('tab', { name: 'Dynos' }).click();
  await banner.waitFor();
  await banner.getByRole('button', { name: 'Build output' }).click();
  await failed.waitFor();
  assert.equal(await banner.count(), 0, 'the Releases tab says it itself');
  assert.equal(await body(), 'saved', 'the running release serves on');
  assert.equal((await h.invoke('apps.info', { app: APP })).release, before + 1);

  await toggle.click();
  await waitFor('the engine to have it off', async () => !(await h.invoke('apps.info', { app: APP })).settings.autodeploy);
});

test('purge build cache', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { page } = h;
  await page.getByRole('button', { name: 'Purge build cache' }).click();
  await page.getByRole('status').filter({ hasText: /^Build cache purged \(.+ freed\)$/ }).waitFor();
  assert.equal((await h.invoke('apps.info', { app: APP })).cacheBytes, 0);
  await waitFor('the size to follow', async () => (await page.getByLabel('Build cache size').textContent()) === '0 B');
});

test('an app deployed by git push: the remote command to copy, and no autodeploy', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { page, context } = h;
  const created = await h.invoke('apps.create', { name: 'pushed' }).catch((err: Error) => err);
  if (created instanceof Error) { t.skip(`apps.create is not available from the engine yet: ${created.message}`); return; }
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(h.dash.url).origin });
  await page.getByRole('button', { name: /^pushed: / }).click();
  await page.getByRole('tab', { name: 'Releases' }).click();
  const info = await h.invoke('apps.info', { app: 'pushed' });
  const command = page.getByRole('textbox', { name: 'Git remote command' });
  if (info.gitRemote === null) {
    await page.getByText('This app has no git repository yet.').waitFor();
  } else {
    await command.waitFor();
    assert.equal(await command.inputValue(), `git remote add dynodesk ${info.gitRemote}`);
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await page.getByRole('status').filter({ hasText: /^Copied$/ }).waitFor();
    // A string: this file compiles without the DOM's types.
    assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), `git remote add dynodesk ${info.gitRemote}`);
  }
  const toggle = page.getByRole('checkbox', { name: 'Redeploy on save (autodeploy)' });
  assert.equal(await toggle.isDisabled(), true);
  await page.getByText('This app is deployed with git push: it has no folder to watch.').waitFor();
  await page.getByText('No releases yet.').waitFor();
});
