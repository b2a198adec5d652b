// Redeploy on save, against a real engine and a real folder: an edit becomes a release that serves
// it; edits during a build queue exactly one more; a failed build leaves the running release serving
// and says why; turning it off (or destroying the app) lets go of the folder; it resumes at engine start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { autodeployApp } from '../../../shared/autodeploy.js';
import type { EngineEvent } from '../../../shared/events.js';
import { fixture, httpGet, openEngine, type TestEngine } from '../../helpers/engine.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

const APP = 'app-autodeploy';
// An app port answers only names of this machine (the router refuses others with 421).
const HOST = `${APP}.localhost`;

/** inotify watches this process holds (Linux): a watcher left open shows up here. */
function inotifyWatches(): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fdinfo')) {
    try { n += (readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').match(/^inotify wd:/gm) ?? []).length; } catch { /* closed meanwhile */ }
  }
  return n;
}

function gitMissing(): string | false {
  try { execFileSync('git', ['--version'], { stdio: 'ignore' }); return false; } catch { return 'git is not installed'; }
}

type Progress = Extract<EngineEvent, { event: 'deploy.progress' }>['payload'];

function autodeploys(e: TestEngine): Progress[] {
  return e.events.flatMap((ev) => (ev.event === 'deploy.progress' && autodeployApp(ev.payload.deployId) === APP ? [ev.payload] : []));
}

function buildsStarted(e: TestEngine): string[] {
  return [...new Set(autodeploys(e).map((p) => p.deployId))];
}

async function serves(port: number, text: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(`the app to serve "${text}"`, async () => (await httpGet(port, HOST, '/').catch(() => null))?.body === text, timeoutMs, 100);
}

/** The fixture in a folder of its own, deployed, serving its first message. */
async function deployed(e: TestEngine, env: Record<string, string> = {}): Promise<{ path: string; port: number; remove(): void }> {
  const dir = tempDir('dda');
  const path = join(dir.path, APP);
  cpSync(fixture(APP), path, { recursive: true });
  const { app } = await e.call('apps.deploy', { path, env });
  await serves(app.port, 'first');
  return { path, port: app.port, remove: () => dir.remove() };
}

test('an edit is deployed; edits during a build queue exactly one more; off stops watching', async (t) => {
  const e = await openEngine();
  const baseline = inotifyWatches();
  const app = await deployed(e, { BUILD_DELAY_MS: '1500' });
  t.after(async () => { await e.close(); app.remove(); });

  const settings = await e.call('apps.settings', { app: APP, settings: { autodeploy: true } });
  assert.equal(settings.autodeploy, true);
  assert.equal((await e.call('apps.info', { app: APP })).settings.autodeploy, true);
  assert.ok(inotifyWatches() > baseline, 'the folder is watched');

  writeFileSync(join(app.path, 'message.txt'), 'second\n');
  await serves(app.port, 'second');
  assert.equal((await e.call('apps.info', { app: APP })).release, 2);
  assert.equal(buildsStarted(e).length, 1);
  const log = (await e.call('logs.get', { app: APP, lines: 200 })).map((l) => l.text);
  assert.ok(log.some((l) => /^Autodeploy: message\.txt changed, deploying /.test(l)), log.join('\n'));

  // Edit, and once that build is running, edit three more times: one more build, with the last edit.
  writeFileSync(join(app.path, 'message.txt'), 'third\n');
  await waitFor('the second build to be building', () => {
    const id = buildsStarted(e)[1];
    return id !== undefined && autodeploys(e).some((p) => p.deployId === id && p.step === 'build');
  });
  for (const text of ['fourth', 'fifth', 'sixth']) {
    writeFileSync(join(app.path, 'message.txt'), `${text}\n`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await serves(app.port, 'sixth');
  // Long enough for a debounce and a build to have started, had a third one been queued.
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(buildsStarted(e).length, 3, 'the build that was running, and exactly one more');
  const info = await e.call('apps.info', { app: APP });
  assert.equal(info.release, 4);
  assert.equal(autodeploys(e).filter((p) => p.status === 'failed').length, 0);

  await e.call('apps.settings', { app: APP, settings: { autodeploy: false } });
  await waitFor('every watch let go', () => inotifyWatches() === baseline, 2000);
  writeFileSync(join(app.path, 'message.txt'), 'seventh\n');
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(buildsStarted(e).length, 3, 'no build after turning it off');
  assert.equal((await httpGet(app.port, HOST, '/')).body, 'sixth');
});

test('a failed build keeps the running release serving and reports the error; the next good edit deploys', async (t) => {
  const e = await openEngine();
  const app = await deployed(e);
  t.after(async () => { await e.close(); app.remove(); });
  await e.call('apps.settings', { app: APP, settings: { autodeploy: true } });

  writeFileSync(join(app.path, 'message.txt'), 'FAIL please\n');
  const failed = await waitFor('the build to fail', () => autodeploys(e).find((p) => p.status === 'failed'));
  assert.equal(failed.app, APP);
  assert.match(failed.message ?? '', /Build failed: `npm run build` .*message\.txt asks this build to fail/s);
  const log = (await e.call('logs.get', { app: APP, lines: 200 })).map((l) => l.text);
  assert.ok(log.some((l) => l.startsWith('Autodeploy build failed, the running release keeps serving: Build failed')), log.join('\n'));
  assert.equal((await e.call('apps.info', { app: APP })).release, 1);
  assert.equal((await httpGet(app.port, HOST, '/')).body, 'first', 'v1 serves on');
  assert.ok((await e.call('ps.list', { app: APP })).every((d) => d.state === 'up' && d.release === 1));

  writeFileSync(join(app.path, 'message.txt'), 'fixed\n');
  await serves(app.port, 'fixed');
  assert.equal((await e.call('apps.info', { app: APP })).release, 2);
});

test('ignored paths do not deploy: node_modules, .gitignore (in a git work tree), .slugignore', { skip: gitMissing() }, async (t) => {
  const e = await openEngine();
  const app = await deployed(e);
  t.after(async () => { await e.close(); app.remove(); });
  execFileSync('git', ['init', '-q'], { cwd: app.path });
  writeFileSync(join(app.path, '.slugignore'), 'docs/\n');
  mkdirSync(join(app.path, 'docs'));
  mkdirSync(join(app.path, 'node_modules', 'dep'), { recursive: true });
  await e.call('apps.settings', { app: APP, settings: { autodeploy: true } });
  writeFileSync(join(app.path, 'built-message.txt'), 'by hand\n'); // in the fixture's .gitignore
  writeFileSync(join(app.path, 'docs', 'notes.md'), 'notes\n');
  writeFileSync(join(app.path, 'node_modules', 'dep', 'index.js'), 'module.exports = 1;\n');
  writeFileSync(join(app.path, 'node_modules-free.txt'), 'x'); // a source file, as a fence
  await waitFor('the fence to start a build', () => buildsStarted(e).length === 1);
  await waitFor('that build to end', () => autodeploys(e).some((p) => p.status !== 'running'), 60_000);
  const started = autodeploys(e)[0];
  assert.ok(started);
  const log = (await e.call('logs.get', { app: APP, lines: 200 })).map((l) => l.text);
  // One build, started by the fence alone.
  assert.ok(log.includes(`Autodeploy: node_modules-free.txt changed, deploying ${app.path}`), log.join('\n'));
});

test('at engine start it watches again; destroying the app lets go; a folder that is gone is refused', async (t) => {
  const dir = tempDir('ddh');
  let e = await openEngine({ dataDir: dir.path, keepDir: true });
  const baseline = inotifyWatches();
  const app = await deployed(e);
  t.after(async () => { await e.close(); app.remove(); dir.remove(); });
  await e.call('apps.settings', { app: APP, settings: { autodeploy: true } });
  await e.close();
  await waitFor('the closed engine to let go of the folder', () => inotifyWatches() === baseline, 2000);

  e = await openEngine({ dataDir: dir.path, keepDir: true });
  await serves(app.port, 'first');
  writeFileSync(join(app.path, 'message.txt'), 'after restart\n');
  await serves(app.port, 'after restart');

  await e.call('apps.destroy', { app: APP });
  await waitFor('the destroyed app to let go of the folder', () => inotifyWatches() === baseline, 2000);

  // Deployed again, then its folder moves away: turning autodeploy on says so and changes nothing.
  cpSync(fixture(APP), app.path, { recursive: true, force: true });
  writeFileSync(join(app.path, 'message.txt'), 'first\n');
  await e.call('apps.deploy', { path: app.path });
  rmSync(app.path, { recursive: true });
  const refused = await e.invoke('apps.settings', { app: APP, settings: { autodeploy: true } });
  assert.ok(!refused.ok);
  if (!refused.ok) assert.match(refused.error.message, /folder .* is not there any more/);
  assert.equal((await e.call('apps.info', { app: APP })).settings.autodeploy, false);
});

test('an app deployed by git push (no folder) refuses autodeploy', async (t) => {
  const e = await openEngine();
  t.after(() => e.close());
  const created = await e.invoke('apps.create', { name: 'pushed' });
  if (!created.ok) { t.skip(`apps.create is not available yet: ${created.error.message}`); return; }
  const refused = await e.invoke('apps.settings', { app: 'pushed', settings: { autodeploy: true } });
  assert.ok(!refused.ok);
  if (!refused.ok) assert.match(refused.error.message, /pushed has no folder to watch: it is deployed with git push/);
  assert.equal((await e.call('apps.info', { app: 'pushed' })).settings.autodeploy, false);
});
