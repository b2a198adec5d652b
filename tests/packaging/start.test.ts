// `npm start` where the Electron binary is missing: one clear paragraph, then the browser
// dashboard of a headless engine, and Ctrl-C stops it cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('without the Electron binary, npm start explains once and serves the dashboard; Ctrl-C stops it', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'dynodesk-start-'));
  const noElectron = mkdtempSync(join(tmpdir(), 'dynodesk-no-electron-'));
  t.after(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(noElectron, { recursive: true, force: true });
  });
  const child = spawn(process.execPath, ['scripts/start.mjs', '--router-port', '0', '--dashboard-port', '0'], {
    cwd: root,
    env: {
      ...process.env,
      DYNODESK_HOME: home,
      // An empty override folder means "no Electron here", even on machines that have it.
      ELECTRON_OVERRIDE_DIST_PATH: noElectron,
      DYNODESK_START_NO_BUILD: '1',
      DYNODESK_NO_BROWSER: '1',
      CI: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  const deadline = Date.now() + 120_000;
  while (!/Dashboard: http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.test(out)) {
    if (child.exitCode !== null) assert.fail(`npm start exited early:\n${out}`);
    if (Date.now() > deadline) assert.fail(`no dashboard URL in time:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const paragraph = out.slice(0, out.indexOf('Dynodesk engine running'));
  assert.match(paragraph, /the Electron binary is not installed/);
  assert.match(paragraph, /node node_modules\/electron\/install\.js/);
  assert.match(paragraph, /ELECTRON_OVERRIDE_DIST_PATH/);
  assert.match(paragraph, /browser dashboard/);
  assert.equal(paragraph.trim().split(/\n\s*\n/).length, 1, 'one paragraph');

  child.kill('SIGINT');
  assert.equal(await exited, 0, out);
  assert.match(out, /Stopped\./);
});
