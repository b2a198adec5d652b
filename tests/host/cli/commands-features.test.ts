// `dynodesk features`, `features:enable` and `features:disable` against a real `dynodesk serve`:
// http-session-affinity turns the router's cookie on and off without restarting dynos, and is saved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from '../../helpers/engine.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';
import { cli, cliOk as ok, startServe } from '../../helpers/cli.js';

interface Feature { name: string; description: string; enabled: boolean }

const features = async (home: string): Promise<Feature[]> => JSON.parse(await ok(home, ['features', '-a', 'shop', '--json'])) as Feature[];
const webPids = async (home: string): Promise<number[]> =>
  (JSON.parse(await ok(home, ['ps', '-a', 'shop', '--json'])) as { type: string; pid: number }[]).filter((d) => d.type === 'web').map((d) => d.pid).sort();

test('features lists http-session-affinity; enable/disable turn the router cookie on and off at once, and the setting is saved', async (t) => {
  const home = tempDir('ddf');
  t.after(() => home.remove());
  let serve = startServe(home.path, ['--no-dashboard']);
  t.after(() => { if (serve.child.exitCode === null) serve.child.kill('SIGKILL'); });
  await serve.routerPort;
  await ok(home.path, ['deploy', fixture('app-node'), '--name', 'shop']);
  await ok(home.path, ['ps:scale', 'web=2', '-a', 'shop']);
  const port = (JSON.parse(await ok(home.path, ['apps', '--json'])) as { port: number }[])[0]?.port as number;
  await waitFor('2 web dynos', async () => (await webPids(home.path)).filter((p) => p > 0).length === 2);
  const setCookie = async (): Promise<string | null> => (await fetch(`http://127.0.0.1:${port}/`)).headers.get('set-cookie');

  assert.match(await ok(home.path, ['features', '-a', 'shop']), /^=== App Features shop\n\[ \] http-session-affinity {2}Route each client back/);
  assert.deepEqual((await features(home.path)).map((f) => [f.name, f.enabled]), [['http-session-affinity', false]]);
  assert.equal(await setCookie(), null);

  const pids = await webPids(home.path);
  assert.equal(await ok(home.path, ['features:enable', 'http-session-affinity', '-a', 'shop']), 'Enabling http-session-affinity for shop... done\n');
  assert.match(await ok(home.path, ['features', '-a', 'shop']), /\[\+\] http-session-affinity/);
  assert.match((await setCookie()) ?? '', /^dynodesk-session-affinity=[\w-]+; Path=\/; HttpOnly; SameSite=Lax$/);
  assert.deepEqual(await webPids(home.path), pids, 'no dyno restarted');

  const unknown = await cli(home.path, ['features:enable', 'preboot', '-a', 'shop']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /Unknown feature "preboot": use http-session-affinity/);
  assert.equal((await cli(home.path, ['features:disable', '-a', 'shop'])).code, 1, 'a feature must be named');

  // Saved with the app: a new engine on the same data directory keeps it on.
  assert.equal(await serve.stop(), 0);
  serve = startServe(home.path, ['--no-dashboard']);
  await serve.routerPort;
  assert.equal((await features(home.path))[0]?.enabled, true);
  await waitFor('shop answering with the cookie', async () => /^dynodesk-session-affinity=/.test((await setCookie().catch(() => null)) ?? ''));

  assert.equal(await ok(home.path, ['features:disable', 'http-session-affinity', '-a', 'shop']), 'Disabling http-session-affinity for shop... done\n');
  assert.equal(await setCookie(), null);
  assert.equal(await serve.stop(), 0);
});
