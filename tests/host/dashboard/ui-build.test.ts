// What `serve` decides about the dashboard UI, on folders laid out like a checkout, a checkout
// without dev dependencies, and an installed copy. (The real vite build: tests/host/serve-ui-build.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planUiBuild, uiIsStale } from '../../../electron/host/dashboard/ui-build.js';
import { tempDir } from '../../helpers/tmp.js';

function layout(root: string, { sources = true, vite = true, built = false } = {}): string {
  if (sources) {
    mkdirSync(join(root, 'renderer'), { recursive: true });
    writeFileSync(join(root, 'renderer', 'index.html'), '<div id="root"></div>');
    mkdirSync(join(root, 'shared'));
    writeFileSync(join(root, 'shared', 'types.ts'), 'export {};');
    writeFileSync(join(root, 'vite.config.ts'), 'export default {};');
  }
  if (vite) {
    mkdirSync(join(root, 'node_modules', 'vite', 'bin'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'vite', 'bin', 'vite.js'), '');
  }
  const rendererDir = join(root, 'dist', 'renderer');
  if (built) {
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), 'built');
  }
  return rendererDir;
}

function plan(root: string, rendererDir: string): { ui: ReturnType<typeof planUiBuild>; lines: string[] } {
  const lines: string[] = [];
  return { ui: planUiBuild({ root, rendererDir, logFile: join(root, 'build.log'), onLine: (l) => lines.push(l) }), lines };
}

test('a built UI newer than its sources is used as it is; an older one is rebuilt', async (t) => {
  const dir = tempDir('ddub');
  t.after(() => dir.remove());
  const rendererDir = layout(dir.path, { built: true });
  const past = new Date(Date.now() - 60_000);
  for (const p of ['renderer/index.html', 'renderer', 'shared/types.ts', 'shared', 'vite.config.ts']) utimesSync(join(dir.path, p), past, past);
  assert.equal(uiIsStale(dir.path, rendererDir), false);
  assert.deepEqual(plan(dir.path, rendererDir).ui.status(), { state: 'ready' });

  // A source edited after the build (its mtime is now).
  writeFileSync(join(dir.path, 'shared', 'types.ts'), 'export const x = 1;');
  assert.equal(uiIsStale(dir.path, rendererDir), true);
  const { ui } = plan(dir.path, rendererDir);
  assert.deepEqual(ui.status(), { state: 'building', log: join(dir.path, 'build.log') });
  await ui.stop();
});

test('without vite, a missing UI says exactly what to run, and a stale one is served with a note', (t) => {
  const dir = tempDir('ddub');
  t.after(() => dir.remove());
  const rendererDir = layout(dir.path, { vite: false });
  const missing = plan(dir.path, rendererDir);
  const status = missing.ui.status();
  assert.equal(status.state, 'unavailable');
  assert.ok(status.state === 'unavailable' && status.fix === `Run \`npm install && npm run build:renderer\` in ${dir.path}.`, JSON.stringify(status));
  missing.ui.start();
  assert.deepEqual(missing.lines, [], 'nothing to start');
  assert.equal(missing.ui.running, false);

  mkdirSync(rendererDir, { recursive: true });
  const past = new Date(Date.now() - 60_000);
  writeFileSync(join(rendererDir, 'index.html'), 'built');
  utimesSync(join(rendererDir, 'index.html'), past, past);
  const stale = plan(dir.path, rendererDir);
  assert.deepEqual(stale.ui.status(), { state: 'ready' });
  stale.ui.start();
  assert.equal(stale.lines.length, 1);
  assert.match(stale.lines[0] ?? '', /older than its sources and is not rebuilt here \(vite is not installed\)\. Run `npm install && npm run build:renderer` in /);
});

test('DYNODESK_NO_UI_BUILD (allowBuild: false) never builds, and says so', (t) => {
  const dir = tempDir('ddub');
  t.after(() => dir.remove());
  const rendererDir = layout(dir.path);
  const ui = planUiBuild({ root: dir.path, rendererDir, logFile: join(dir.path, 'build.log'), onLine: () => undefined, allowBuild: false });
  const status = ui.status();
  assert.equal(status.state, 'unavailable');
  assert.match(status.state === 'unavailable' ? status.reason : '', /DYNODESK_NO_UI_BUILD=1 is set/);
  ui.start();
  assert.equal(ui.running, false);
});

test('an installed copy without sources or a built UI points at reinstalling', (t) => {
  const dir = tempDir('ddub');
  t.after(() => dir.remove());
  const rendererDir = layout(dir.path, { sources: false, vite: false });
  const status = plan(dir.path, rendererDir).ui.status();
  assert.equal(status.state, 'unavailable');
  assert.match(status.state === 'unavailable' ? status.fix : '', /Install Command Line Tool/);
});
