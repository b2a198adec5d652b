// `dynodesk export` from the real CLI against `dynodesk serve`: -o means what it means in the
// caller's folder (the engine only ever sees an absolute path), the default folder is ./<app>-<target>,
// a folder that is not empty is refused unless --force, and an unknown target is a usage error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fixture } from '../../helpers/engine.js';
import { tempDir } from '../../helpers/tmp.js';
import { cli, cliOk as ok, startServe } from '../../helpers/cli.js';

test('export compose|kubernetes writes into the caller\'s folder, refuses a non-empty one without --force', { timeout: 180_000 }, async (t) => {
  const home = tempDir('ddh');
  const user = tempDir('ddu');
  t.after(() => { home.remove(); user.remove(); });
  const serve = startServe(home.path, ['--no-dashboard']);
  t.after(async () => { await serve.stop(); });
  await serve.routerPort;
  const app = join(user.path, 'shop');
  cpSync(fixture('app-node'), app, { recursive: true });
  await ok(home.path, ['deploy', '.', '--name', 'shop'], { cwd: app });

  const out = await ok(home.path, ['export', 'compose', '-o', 'deploy'], { cwd: app });
  const dir = join(realpathSync(app), 'deploy');
  assert.match(out, new RegExp(`Exported shop for Docker Compose to ${dir}:`));
  assert.match(out, /app\.env {3}\(secrets: keep out of version control\)/);
  assert.match(readFileSync(join(dir, 'compose.yaml'), 'utf8'), /^# Exported by Dynodesk \d+\.\d+\.\d+ from app "shop" release v1$/m);

  const again = await cli(home.path, ['export', 'compose', '-o', 'deploy'], undefined, { cwd: app });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /deploy exists and is not empty: .*--force/);
  await ok(home.path, ['export', 'compose', '-o', 'deploy', '--force'], { cwd: app });

  const json = JSON.parse(await ok(home.path, ['export', 'kubernetes', '-a', 'shop', '--host', 'shop.acme.test', '--json'], { cwd: user.path })) as { outputDir: string; files: { path: string }[] };
  assert.equal(json.outputDir, join(realpathSync(user.path), 'shop-kubernetes'), 'default folder: ./<app>-<target>');
  assert.ok(json.files.some((f) => f.path === 'kustomization.yaml'));
  assert.ok(existsSync(join(json.outputDir, 'deployment-web.yaml')));

  const bad = await cli(home.path, ['export', 'swarm', '-a', 'shop'], undefined, { cwd: user.path });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /Unknown export target "swarm": use compose or kubernetes/);
});
