// Export… in the browser dashboard, against a real engine: the dialog previews the engine's Docker
// Compose and Kubernetes files, saves them into the absolute folder typed (byte for byte what the
// preview shows), refuses a folder that is not empty until Overwrite is ticked, and a relative path.
// DYNODESK_EXPORT_SCREENSHOT=/some/file.png also saves a picture of the dialog there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Locator } from 'playwright-core';
import { chromiumMissing, startHarness } from './support/harness.js';
import type { Harness } from './support/harness.js';
import { waitFor } from './support/wait.js';

const missing = chromiumMissing();
const APP = 'app-node';
let h: Harness;
let out = '';

/** The file tabs of the open dialog, by path (a secret file's tab says so). */
async function fileNames(dialog: Locator): Promise<string[]> {
  const names = await dialog.getByRole('tablist', { name: 'Exported files' }).getByRole('tab').allTextContents();
  return names.map((n) => n.replace(/ \(secret\)$/, ''));
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Shows one file and returns its preview text. */
async function preview(dialog: Locator, path: string): Promise<string> {
  await dialog.getByRole('tab', { name: new RegExp(`^${escaped(path)}( \\(secret\\))?$`) }).click();
  const pre = dialog.getByLabel(`Preview of ${path}`, { exact: true });
  await pre.waitFor();
  return await pre.textContent() ?? '';
}

/** Every file under dir, relative, with `/` separators. */
function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else found.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

function exportDialog(app = APP): Locator {
  return h.page.getByRole('dialog', { name: `Export ${app}` });
}

before(async () => {
  if (missing) return;
  h = await startHarness();
  out = join(h.home, 'exports', 'k8s');
  await h.invoke('apps.deploy', { path: h.fixture(APP) });
  await h.invoke('config.set', { app: APP, vars: { GREETING: 'hello export' } });
  await h.invoke('apps.deploy', { path: h.fixture('app-release') });
  await h.page.getByRole('button', { name: new RegExp(`^${APP}: `) }).click();
});
after(async () => { await h?.close(); });

test('Export… opens on Docker Compose: compose.yaml, app.env and a Dockerfile, as the engine renders them', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { page } = h;
  await page.getByRole('button', { name: 'Export…', exact: true }).click();
  const dialog = exportDialog();
  await dialog.waitFor();
  assert.equal(await dialog.getByRole('radio', { name: 'Docker Compose' }).isChecked(), true, 'Compose first');
  await dialog.getByRole('tab', { name: 'compose.yaml' }).waitFor();
  const names = await fileNames(dialog);
  for (const name of ['compose.yaml', 'app.env', 'Dockerfile']) assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
  // Opened on the main file, secrets marked.
  await dialog.getByLabel('Preview of compose.yaml', { exact: true }).waitFor();
  assert.equal(await dialog.getByRole('tab', { name: 'app.env (secret)', exact: true }).count(), 1);
  assert.equal(await dialog.getByRole('tab', { name: 'compose.yaml', exact: true }).count(), 1, 'not secret');

  const compose = await preview(dialog, 'compose.yaml');
  assert.match(compose, /^# Exported by Dynodesk .* from app "app-node" release v\d+$/m);
  assert.match(compose, /^ {2}web:$/m, 'a service per process type');
  assert.match(compose, /^ {2}worker:$/m);
  assert.match(compose, /node server\.js/);
  assert.match(compose, /node worker\.js/);
  assert.doesNotMatch(compose, /hello export/, 'config vars live in app.env, not in the YAML');
  const env = await preview(dialog, 'app.env');
  assert.match(env, /^# Exported by Dynodesk /);
  assert.match(env, /^GREETING='hello export'$/m);
  const dockerfile = await preview(dialog, 'Dockerfile');
  assert.match(dockerfile, /^# Exported by Dynodesk /m);
  assert.match(dockerfile, /^CMD node server\.js$/m);

  // The preview is the engine's own rendering, byte for byte.
  const engine = await h.invoke('apps.export', { app: APP, target: 'compose' });
  assert.deepEqual(names, engine.files.map((f) => f.path));
  assert.equal(compose, engine.files.find((f) => f.path === 'compose.yaml')?.content);

  await preview(dialog, 'compose.yaml');
  const shot = process.env.DYNODESK_EXPORT_SCREENSHOT;
  if (shot) {
    await page.waitForTimeout(200);
    await page.screenshot({ path: shot });
  }
});

test('Kubernetes: kustomization.yaml and a Deployment per process type', async (t) => {
  if (missing) { t.skip(missing); return; }
  const dialog = exportDialog();
  await dialog.getByRole('radio', { name: 'Kubernetes' }).check();
  await dialog.getByRole('tab', { name: 'kustomization.yaml' }).waitFor();
  // compose.yaml was on show: now the main file is, not the first in the list (.gitignore).
  await dialog.getByLabel('Preview of kustomization.yaml', { exact: true }).waitFor();
  await dialog.getByLabel('Ingress host').waitFor();
  const names = await fileNames(dialog);
  for (const name of ['kustomization.yaml', 'deployment-web.yaml', 'deployment-worker.yaml', 'service-web.yaml', 'ingress-web.yaml', 'app.env', 'Dockerfile']) {
    assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
  }
  assert.ok(!names.includes('compose.yaml'));
  const kustomization = await preview(dialog, 'kustomization.yaml');
  assert.match(kustomization, /^# Exported by Dynodesk /);
  assert.match(kustomization, /^ {2}- deployment-web\.yaml$/m);
  const web = await preview(dialog, 'deployment-web.yaml');
  assert.match(web, /^kind: Deployment$/m);
  assert.match(web, /node server\.js/);
  assert.match(await preview(dialog, 'deployment-worker.yaml'), /^kind: Deployment$/m);
  assert.match(await preview(dialog, 'app.env'), /^GREETING=hello export$/m);
});

test('Save writes the previewed files into the folder typed, byte for byte, secrets owner-only', async (t) => {
  if (missing) { t.skip(missing); return; }
  const dialog = exportDialog();
  const previewed = await preview(dialog, 'kustomization.yaml');
  await dialog.getByLabel('Save into folder').fill(out);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  const status = dialog.getByRole('status').filter({ hasText: /^Saved \d+ files to / });
  await status.waitFor({ timeout: 30_000 });
  assert.match(await status.textContent() ?? '', new RegExp(`^Saved \\d+ files to ${escaped(out)}\\. `));

  const names = await fileNames(dialog);
  assert.deepEqual(filesUnder(out), [...names].sort(), 'the files listed, and only those');
  for (const name of names) {
    const shown = await preview(dialog, name);
    assert.ok(readFileSync(join(out, name)).equals(Buffer.from(shown, 'utf8')), `${name} on disk is the preview's bytes`);
  }
  assert.equal(readFileSync(join(out, 'kustomization.yaml'), 'utf8'), previewed, 'the same as before saving');
  assert.equal(statSync(join(out, 'app.env')).mode & 0o777, 0o600);
  assert.equal(statSync(join(out, 'kustomization.yaml')).mode & 0o777, 0o644);
});

test('a folder that is not empty is refused until Overwrite is ticked; then the export replaces its own files only', async (t) => {
  if (missing) { t.skip(missing); return; }
  const dialog = exportDialog();
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  const refusal = dialog.getByRole('alert');
  await refusal.waitFor();
  const text = await refusal.textContent() ?? '';
  assert.match(text, new RegExp(`^${escaped(out)} exists and is not empty: choose a new or empty folder, or tick "Overwrite a folder that is not empty"`));
  assert.doesNotMatch(text, /--force/, 'no CLI flags in the dialog');
  assert.equal(await dialog.getByRole('status').filter({ hasText: /^Saved / }).count(), 0);

  writeFileSync(join(out, 'Dockerfile'), 'edited by hand\n');
  writeFileSync(join(out, 'notes.txt'), 'mine\n');
  await dialog.getByRole('checkbox', { name: 'Overwrite a folder that is not empty' }).check();
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await dialog.getByRole('status').filter({ hasText: /^Saved \d+ files to / }).waitFor({ timeout: 30_000 });
  assert.equal(await refusal.count(), 0);
  assert.equal(readFileSync(join(out, 'Dockerfile'), 'utf8'), await preview(dialog, 'Dockerfile'));
  assert.equal(readFileSync(join(out, 'notes.txt'), 'utf8'), 'mine\n', 'other files are left alone');
});

test('a relative folder is refused: the path must be absolute', async (t) => {
  if (missing) { t.skip(missing); return; }
  const dialog = exportDialog();
  await dialog.getByLabel('Save into folder').fill('deploy/k8s');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  const alert = dialog.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent() ?? '', /must be absolute, got "deploy\/k8s"/);
  assert.equal(existsSync(join(process.cwd(), 'deploy')), false);

  // Close, and the app view is back.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await waitFor('the dialog to close', async () => (await exportDialog().count()) === 0);
});

test('a release command: a one-shot release service in Compose, a Job in Kubernetes', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { page } = h;
  await page.getByRole('button', { name: /^app-release: / }).click();
  await page.getByRole('article', { name: 'App app-release' }).waitFor();
  await page.getByRole('button', { name: 'Export…', exact: true }).click();
  const dialog = exportDialog('app-release');
  await dialog.getByRole('tab', { name: 'compose.yaml' }).waitFor();
  const compose = await preview(dialog, 'compose.yaml');
  assert.match(compose, /^ {2}release:$/m);
  assert.match(compose, /node release\.cjs/);
  assert.match(compose, /condition: service_completed_successfully/);
  await dialog.getByRole('radio', { name: 'Kubernetes' }).check();
  await dialog.getByRole('tab', { name: 'job-release.yaml' }).waitFor();
  const job = await preview(dialog, 'job-release.yaml');
  assert.match(job, /^kind: Job$/m);
  assert.match(job, /node release\.cjs/);
  await page.keyboard.press('Escape');
  await waitFor('Escape to close the dialog', async () => (await dialog.count()) === 0);
});
