// The worker starts however the engine is loaded: under `--import tsx` (this test run), under tsx's
// register() API (the CLI; workers do not inherit that loader), or from a compiled file (Electron).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { workerEntry } from '../../../electron/engine/router/worker-launch.js';

test('entry resolution', () => {
  assert.equal(workerEntry('file:///x/router/handle.ts', '/app/dist/router-worker.cjs'), '/app/dist/router-worker.cjs');
  assert.equal(String(workerEntry('file:///x/router/handle.ts')), 'file:///x/router/worker-bootstrap.mjs');
  assert.equal(String(workerEntry('file:///x/router/handle.js')), 'file:///x/router/worker.js');
});

test('starts under tsx register() in a plain node process', () => {
  const index = new URL('../../../electron/engine/router/index.ts', import.meta.url).href;
  const code = `
    import { register } from 'tsx/esm/api';
    register();
    const { startRouter } = await import(${JSON.stringify(index)});
    const r = await startRouter({ port: 0, host: '127.0.0.1', requestTimeoutMs: 1000, bootTimeoutMs: 1000, forbiddenPorts: [] });
    console.log('started ' + (r.port > 0));
    await r.stop();`;
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.stdout.trim(), 'started true', r.stderr);
  assert.equal(r.status, 0);
});
