// The command that "Install Command Line Tool" puts on the PATH runs `dynodesk serve` on its own:
// installed from a real CLI build and the checkout's node-pty, renderer and static server (laid
// out as app.asar.unpacked is), it serves the dashboard UI and runs a real app's dynos.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installCli } from '../../electron/main/cli-installer.js';
import { ensureRendererBuilt } from '../../e2e/support/renderer-build.js';
import { fixture, httpGet } from '../helpers/engine.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

test('the installed command serves the dashboard and runs dynos without the app or a checkout', { skip: process.platform === 'win32' }, async (t) => {
  const dir = tempDir('ddi');
  t.after(() => dir.remove());
  // The app's unpacked files: a fresh CLI build plus the checkout's other pieces.
  const app = join(dir.path, 'app');
  mkdirSync(app);
  const built = await run(process.execPath, [join(repo, 'scripts', 'build-cli.mjs'), '--quiet', `--outdir=${join(app, 'dist-cli')}`], process.env);
  assert.equal(built.code, 0, built.stderr);
  await ensureRendererBuilt();
  for (const d of ['dist', 'electron', 'native', 'node_modules']) symlinkSync(join(repo, d), join(app, d));

  const dataDir = join(dir.path, 'data');
  const bin = join(dir.path, 'bin');
  const installed = await installCli({
    platform: process.platform, home: dir.path, env: { PATH: bin }, dataDir, appFiles: app, version: '7.7.7',
    targets: [{ dir: bin, file: join(bin, 'dynodesk'), system: false }],
  });
  assert.deepEqual(installed.missing.filter((m) => m !== 'native/bin/dyno-reaper'), []);

  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(process.execPath)}:/usr/bin:/bin` };
  delete env.DYNODESK_HOME; // the launcher's own default: the app's data dir
  const version = await run(installed.file, ['--version'], env);
  assert.equal(version.stdout.trim(), '7.7.7', version.stderr);

  const serve = spawn(installed.file, ['serve', '--router-port', '0', '--dashboard-port', '0', '--grace', '2'], { env });
  let out = '';
  serve.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  serve.stderr.on('data', (c: Buffer) => { out += c.toString(); });
  const exited = new Promise<number | null>((resolve) => serve.on('exit', resolve));
  t.after(() => { if (serve.exitCode === null) serve.kill('SIGKILL'); });
  await waitFor('serve to print "Press Ctrl-C"', () => out.includes('Press Ctrl-C') || serve.exitCode !== null, 60_000);
  assert.match(out, new RegExp(`data: ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), out);
  const routerPort = Number(/Router: http:\/\/<app>\.localhost:(\d+)/.exec(out)?.[1]);
  const dashPort = Number(/Dashboard: http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)?.[1]);
  assert.doesNotMatch(out, /Building the dashboard/, 'the installed copy ships a built UI');

  const page = await httpGet(dashPort, `127.0.0.1:${dashPort}`, '/');
  assert.equal(page.status, 200, page.body);
  assert.match(page.body, /<div id="root"><\/div>/);

  // node-pty (dynos), the router worker and the engine, all from the installed copy.
  const deployed = await run(installed.file, ['deploy', fixture('app-node'), '--name', 'shop'], env);
  assert.equal(deployed.code, 0, deployed.stderr);
  await waitFor('the app through the router', async () => (await httpGet(routerPort, 'shop.localhost', '/')).body === 'Hello from app-node on web.1\n', 30_000);

  serve.kill('SIGINT');
  assert.equal(await exited, 0, out);
});
