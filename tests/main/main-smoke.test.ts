// Runs the real main bundle (dist-electron/main.cjs) under plain Node with a scripted stand-in
// for the electron module (helpers/fake-electron.cjs): the engine, router worker, control socket,
// app:// protocol, IPC registry, window guards and the quit flow all run for real.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Line { what: string; [k: string]: unknown }

test('the main bundle boots the engine, serves app://, answers IPC, guards the window and quits gracefully', async (t) => {
  // Built inside the repo (git-ignored) so node-pty resolves from the repo's node_modules, as from an app root.
  mkdirSync(join(repo, '.dynodesk-test'), { recursive: true });
  const appRoot = mkdtempSync(join(repo, '.dynodesk-test', 'main-smoke-'));
  const home = mkdtempSync(join(tmpdir(), 'dynodesk-main-'));
  t.after(() => {
    rmSync(appRoot, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });
  const build = spawnSync(process.execPath, ['scripts/build-electron.mjs', '--quiet', `--outdir=${join(appRoot, 'dist-electron')}`], { cwd: repo, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  cpSync(join(repo, 'resources', 'sample-app'), join(appRoot, 'resources', 'sample-app'), { recursive: true });
  mkdirSync(join(appRoot, 'dist', 'renderer'), { recursive: true });
  writeFileSync(join(appRoot, 'dist', 'renderer', 'index.html'), '<!doctype html><meta property="csp-nonce" nonce="__DYNODESK_CSP_NONCE__"><div id="root"></div>\n');

  const child = spawn(process.execPath, ['--require', join(repo, 'tests', 'main', 'helpers', 'fake-electron.cjs'), join(appRoot, 'dist-electron', 'main.cjs')], {
    cwd: repo,
    env: { ...process.env, DYNODESK_HOME: home, DYNODESK_ROUTER_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  const lines = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
  const one = (what: string): Line => {
    const l = lines.find((x) => x.what === what);
    assert.ok(l, `no "${what}" in:\n${stdout}\n${stderr}`);
    return l;
  };
  assert.equal(code, 0, `${stdout}\n${stderr}`);

  assert.deepEqual(one('setPath'), { what: 'setPath', key: 'userData', path: join(home, 'chromium') });
  const schemes = one('schemes').schemes as { scheme: string; privileges: Record<string, boolean> }[];
  assert.equal(schemes[0]?.scheme, 'app');
  assert.equal(schemes[0]?.privileges.standard, true);
  assert.equal(schemes[0]?.privileges.secure, true);

  const win = one('window');
  const prefs = win.webPreferences as Record<string, unknown>;
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.preload, join(appRoot, 'dist-electron', 'preload.cjs'));
  assert.match(String((prefs.additionalArguments as string[])[0]), /^--dynodesk-sample-path=.*sample-app$/);
  assert.ok(existsSync(join(home, 'sample-app', 'Procfile')), 'the sample app was copied into the data dir');
  assert.equal(one('loadURL').url, 'app://dynodesk/index.html');

  const page = one('page');
  assert.equal(page.status, 200);
  const csp = String(page.csp);
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  assert.ok(nonce, csp);
  assert.ok(String(page.body).includes(`nonce="${nonce}"`), 'the page carries the same nonce as its CSP');
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.notEqual(one('escape').status, 200);

  const info = one('ipc').result as { ok: boolean; value: { dataDir: string; routerPort: number } };
  assert.equal(info.ok, true);
  assert.equal(info.value.dataDir, home);
  assert.ok(info.value.routerPort > 0);
  assert.deepEqual((one('ipc-subframe').result as { error: { code: string } }).error.code, 'forbidden');

  assert.deepEqual(one('guards'), { what: 'guards', navigationPrevented: true, windowOpen: 'deny', permissionGranted: false, permissionCheck: false });
  // The denied navigation went to the user's browser (https is allowed); file:// did not.
  assert.deepEqual(lines.filter((l) => l.what === 'openExternal').map((l) => l.url), ['https://example.com/docs']);
  assert.ok((one('menu').labels as string[]).includes('Install Command Line Tool…'));

  // Closing the window held the quit while dynos stopped, showed progress, then quit.
  const order = lines.map((l) => l.what);
  assert.ok(order.indexOf('quit-held') < order.lastIndexOf('quit'));
  assert.ok(lines.some((l) => l.what === 'title' && /Stopping dynos/.test(String(l.title))));
  assert.ok(lines.some((l) => l.what === 'send' && l.event === 'engine.stopping'));
  assert.equal(lines.some((l) => l.what === 'errorBox'), false);
  assert.ok(existsSync(join(home, 'window-state.json')), 'the window remembered its bounds on close');
});
