// Paths are the caller's: the CLI runs in a folder of its own (not the engine's, which is this
// repository) and every form of path it is given means what it means there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fixture } from '../../helpers/engine.js';
import { tempDir } from '../../helpers/tmp.js';
import { cli, cliOk as ok, startServe } from '../../helpers/cli.js';

interface AppJson { name: string; path: string }

test('deploy resolves ., ./sub, no path, ~/… and relative names against the caller, not the engine', async (t) => {
  const home = tempDir('ddp');
  const user = tempDir('ddu');
  t.after(() => { home.remove(); user.remove(); });
  const serve = startServe(home.path, ['--no-dashboard']);
  t.after(() => { if (serve.child.exitCode === null) serve.child.kill('SIGKILL'); });
  await serve.routerPort;
  assert.notEqual(realpathSync(user.path), realpathSync(process.cwd()), 'the engine runs elsewhere');
  const project = (name: string, from = 'dyno-web'): string => {
    const dir = join(user.path, name);
    cpSync(fixture(from), dir, { recursive: true });
    // The CLI's cwd is the physical folder (getcwd), so compare against that.
    return realpathSync(dir);
  };
  const dot = project('dot-app');
  const sub = project('sub-app');
  const bare = project('bare-app');
  const tilde = project('me/tilde-app');
  // Same relative name as a folder under the engine's cwd (this repository): the caller's must win.
  const shadowName = relative(process.cwd(), fixture('app-node'));
  const shadow = project(shadowName, 'dyno-worker');

  await ok(home.path, ['deploy', '.'], { cwd: dot });
  await ok(home.path, ['deploy', './sub-app'], { cwd: user.path });
  await ok(home.path, ['deploy'], { cwd: bare });
  await ok(home.path, ['deploy', '~/tilde-app'], { cwd: user.path, env: { HOME: join(user.path, 'me') } });
  await ok(home.path, ['deploy', shadowName, '--name', 'shadow'], { cwd: user.path });

  const apps = JSON.parse(await ok(home.path, ['apps', '--json'])) as AppJson[];
  const pathOf = (name: string): string | undefined => apps.find((a) => a.name === name)?.path;
  assert.equal(pathOf('dot-app'), dot);
  assert.equal(pathOf('sub-app'), sub);
  assert.equal(pathOf('bare-app'), bare);
  assert.equal(pathOf('tilde-app'), tilde);
  assert.equal(pathOf('shadow'), shadow, 'the caller\'s folder, not the engine\'s tests/fixtures/app-node');
  assert.equal(apps.length, 5);

  // -a inferred from the caller's folder (several apps exist, so nothing else could pick it).
  const deeper = join(sub, 'inner', 'folder');
  mkdirSync(deeper, { recursive: true });
  assert.match(await ok(home.path, ['info'], { cwd: deeper }), /^=== sub-app$/m);
  assert.match(await ok(home.path, ['info'], { cwd: dot }), /^=== dot-app$/m);
  const nowhere = await cli(home.path, ['info'], undefined, { cwd: user.path });
  assert.equal(nowhere.code, 1);
  assert.match(nowhere.stderr, /Missing app: pass -a APP/);

  // A redeploy from inside the folder is the same app, not a new one.
  assert.match(await ok(home.path, ['deploy'], { cwd: dot }), /^Deployed dot-app v2 /);
  const missing = await cli(home.path, ['deploy', 'no-such-folder'], undefined, { cwd: user.path });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, new RegExp(`No such folder: ${join(user.path, 'no-such-folder').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const two = await cli(home.path, ['deploy', 'a', 'b'], undefined, { cwd: user.path });
  assert.equal(two.code, 1);
  assert.match(two.stderr, /Usage: dynodesk deploy \[PATH\]/);
  assert.equal(await serve.stop(), 0);
});
