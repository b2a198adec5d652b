import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSampleApp } from '../../electron/main/sample-app.js';
import { askOsForPort as freePort } from '../../electron/engine/dynos/port-allocator.js';
import { httpGet } from '../helpers/engine.js';

const sample = join(import.meta.dirname, '..', '..', 'resources', 'sample-app');



async function poll<T>(fn: () => Promise<T>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

test('the sample is a Procfile app with web and worker and no dependencies', () => {
  assert.equal(readFileSync(join(sample, 'Procfile'), 'utf8'), 'web: node web.js\nworker: node worker.js\n');
  const pkg = JSON.parse(readFileSync(join(sample, 'package.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(pkg.dependencies, undefined);
  assert.equal(typeof pkg.version, 'string');
});

test('the web process names the dyno that served the request and stops on SIGTERM', async (t) => {
  const port = await freePort();
  const child = spawn(process.execPath, ['web.js'], { cwd: sample, env: { ...process.env, PORT: String(port), DYNO: 'web.2' }, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill('SIGKILL'));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const page = await poll(() => httpGet(port, `127.0.0.1:${port}`, '/', { 'x-request-id': 'req-123' }));
  assert.equal(page.status, 200);
  assert.match(page.body, /Served by <span class="dyno">web\.2<\/span>/);
  assert.match(page.body, /req-123/);
  const who = await httpGet(port, `127.0.0.1:${port}`, '/whoami');
  assert.equal(JSON.parse(who.body).dyno, 'web.2');
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
});

test('the worker logs a line at start and stops on SIGTERM', async (t) => {
  const child = spawn(process.execPath, ['worker.js'], { cwd: sample, env: { ...process.env, DYNO: 'worker.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await poll(async () => {
    if (!out.includes('worker.1 started')) throw new Error('not yet');
  });
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.match(out, /worker\.1 received SIGTERM/);
});

test('ensureSampleApp copies the sample into the data dir once, and refreshes it on a new version', (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dynodesk-sample-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const target = ensureSampleApp(sample, dataDir);
  assert.equal(target, join(dataDir, 'sample-app'));
  assert.ok(existsSync(join(dataDir, 'sample-app', 'Procfile')));
  // Same version: user edits survive.
  writeFileSync(join(dataDir, 'sample-app', 'NOTES.txt'), 'mine');
  ensureSampleApp(sample, dataDir);
  assert.ok(existsSync(join(dataDir, 'sample-app', 'NOTES.txt')));
  // Older copy: replaced.
  writeFileSync(join(dataDir, 'sample-app', 'package.json'), '{"version":"0.0.1"}');
  ensureSampleApp(sample, dataDir);
  assert.equal(existsSync(join(dataDir, 'sample-app', 'NOTES.txt')), false);
  assert.equal(ensureSampleApp(join(dataDir, 'nope'), dataDir), null);
});
