// Builds the Electron bundles into a temp folder and checks what a packaged app relies on:
// a tiny zod-free preload, a main bundle that loads only electron/node-pty/built-ins, a router
// worker bundle the real engine can run, and the CLI bundle (dist-cli/, built beside it) that
// reaches a running engine without loading the engine itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../../electron/engine/engine.js';
import { startControlServer, type ControlServer } from '../../electron/host/control-server.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(join(tmpdir(), 'dynodesk-build-'));
const out = join(work, 'dist-electron');

function run(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: root, env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

before(async () => {
  const r = await run(process.execPath, ['scripts/build-electron.mjs', '--quiet', `--outdir=${out}`]);
  assert.equal(r.code, 0, r.stderr);
});
after(() => rmSync(work, { recursive: true, force: true }));

function requiresOf(source: string): string[] {
  return [...new Set([...source.matchAll(/\brequire\d*\("([^"]+)"\)/g)].map((m) => m[1] ?? ''))].sort();
}

test('the preload bundle is small, CommonJS, and loads nothing but electron', () => {
  const src = readFileSync(join(out, 'preload.cjs'), 'utf8');
  assert.deepEqual(requiresOf(src), ['electron']);
  assert.doesNotMatch(src, /zod|ZodError/);
  assert.ok(statSync(join(out, 'preload.cjs')).size < 16 * 1024);
  assert.match(src, /exposeInMainWorld\("dynodesk"/);
  assert.match(src, /exposeInMainWorld\("dynodeskHost"/);
});

test('the main bundle loads only electron, node-pty and Node built-ins', () => {
  const src = readFileSync(join(out, 'main.cjs'), 'utf8');
  // Bundled dependencies may name a built-in without the node: prefix (`require("buffer")`).
  const foreign = requiresOf(src).filter((m) => !m.startsWith('node:') && !builtinModules.includes(m) && !['electron', 'node-pty'].includes(m));
  assert.deepEqual(foreign, []);
  assert.doesNotMatch(src, /import\.meta\.url/, 'import.meta is empty in CommonJS: every use must be rewritten');
  assert.ok(src.includes('"electron/engine/engine.ts"'), 'engine files resolve their neighbours from their source path');
});

test('dist-electron/package.json carries the version and marks the ESM bundles', () => {
  const pkg = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8')) as { version: string; type: string };
  const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  assert.equal(pkg.version, rootPkg.version);
  assert.equal(pkg.type, 'module');
});

test('the bundled router worker runs in the real engine and answers HTTP', async (t) => {
  const dataDir = mkdtempSync(join(work, 'data-'));
  const engine = await Engine.open({ dataDir, routerPort: 0, routerWorkerPath: join(out, 'router-worker.js') });
  t.after(() => engine.close());
  const status = await new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: engine.routerPort, path: '/', headers: { host: `nope.localhost:${engine.routerPort}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
  assert.ok(status >= 400 && status < 600, `an unknown app gets an error page, got ${status}`);
});

test('the CLI bundle beside dist-electron/ answers --help and reaches a running engine without loading the engine', async (t) => {
  const cli = join(work, 'dist-cli', 'dynodesk.mjs');
  const help = await run(process.execPath, [cli, '--help']);
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /^Usage: dynodesk COMMAND/);
  // The entry and what it imports statically stay small; the engine (and node-pty) is a chunk serve imports.
  const entry = readFileSync(cli, 'utf8');
  assert.ok(!/require\("node-pty"\)|from "node-pty"/.test(entry), 'the entry must not load node-pty');
  const statics = [...entry.matchAll(/from "\.\/(chunk-[\w-]+\.mjs)"/g)].map((m) => m[1] ?? '');
  const loaded = [cli, ...statics.map((c) => join(work, 'dist-cli', c))].reduce((n, f) => n + statSync(f).size, 0);
  assert.ok(loaded < 256 * 1024, `--help loads ${loaded} bytes`);

  const dataDir = mkdtempSync(join(work, 'data-'));
  const engine = await Engine.open({ dataDir, routerPort: 0 });
  let control: ControlServer | null = null;
  t.after(async () => {
    await control?.close();
    await engine.close();
  });
  control = await startControlServer(engine);
  const apps = await run(process.execPath, [cli, 'apps'], { ...process.env, DYNODESK_HOME: dataDir });
  assert.equal(apps.code, 0, apps.stderr);
  assert.doesNotMatch(apps.stderr, /No Dynodesk engine is running/);
});
