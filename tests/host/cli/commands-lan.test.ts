// `dynodesk lan`, `lan:enable`, `lan:disable` against a real `dynodesk serve`, and `serve --lan`.
// Loopback only: requests go to 127.0.0.1; LAN addresses are only printed, never connected to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { fixture, httpGet } from '../../helpers/engine.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';
import { cli, cliOk as ok, startServe } from '../../helpers/cli.js';

interface LanJson { lanAccess: boolean; lanForced: boolean; addresses: string[]; apps: { name: string; port: number; urls: string[] }[] }


const lanJson = async (home: string, args = ['lan', '--json']): Promise<LanJson> => JSON.parse(await ok(home, args)) as LanJson;

test('lan shows the setting, lan:enable / lan:disable change and save it, --json for scripts', async (t) => {
  const home = tempDir('ddn');
  t.after(() => home.remove());
  let serve = startServe(home.path, ['--no-dashboard']);
  t.after(() => { if (serve.child.exitCode === null) serve.child.kill('SIGKILL'); });
  const routerPort = await serve.routerPort;
  assert.doesNotMatch(serve.output(), /LAN access/, 'serve says nothing about LAN access while it is off');
  await ok(home.path, ['deploy', fixture('app-node'), '--name', 'shop']);
  const port = (JSON.parse(await ok(home.path, ['apps', '--json'])) as { port: number }[])[0]?.port as number;

  assert.equal(await ok(home.path, ['lan']), 'LAN access: off\nApps answer on this machine only (127.0.0.1). Turn it on with `dynodesk lan:enable`.\n');
  const off = await lanJson(home.path);
  assert.equal(off.lanAccess, false);
  assert.equal(off.lanForced, false);
  assert.deepEqual(off.apps, [{ name: 'shop', port, urls: [] }]);

  const enabled = await cli(home.path, ['lan:enable']);
  assert.equal(enabled.code, 0, enabled.stderr);
  assert.equal(enabled.stderr, 'Enabling LAN access...\n');
  assert.match(enabled.stdout, /^LAN access: on\nAnyone on your network can reach your apps/);
  const on = await lanJson(home.path);
  assert.equal(on.lanAccess, true);
  assert.deepEqual(on.apps, [{ name: 'shop', port, urls: on.addresses.map((ip) => `http://${ip}:${port}`) }]);
  if (on.addresses.length > 0) assert.ok(enabled.stdout.includes(`http://${on.addresses[0] as string}:${port}`), enabled.stdout);
  // This machine still reaches the app, by name and by port.
  assert.equal((await httpGet(routerPort, 'shop.localhost')).status, 200);
  assert.equal((await httpGet(port, 'localhost')).status, 200);

  // Saved: a new engine on the same data dir starts with LAN access on, and says so.
  assert.equal(await serve.stop(), 0);
  serve = startServe(home.path, ['--no-dashboard']);
  const routerPort2 = await serve.routerPort;
  assert.match(serve.output(), /LAN access: on \(turn off with `dynodesk lan:disable`\)/);
  assert.equal((await lanJson(home.path)).lanAccess, true);
  await waitFor('shop up again', async () => (await httpGet(routerPort2, 'shop.localhost').catch(() => null))?.status === 200);

  const disabled = await lanJson(home.path, ['lan:disable', '--json']);
  assert.equal(disabled.lanAccess, false);
  assert.deepEqual(disabled.apps, [{ name: 'shop', port, urls: [] }]);
  assert.equal((await httpGet(port, 'localhost')).status, 200);

  const extra = await cli(home.path, ['lan', 'on']);
  assert.equal(extra.code, 1);
  assert.equal(extra.stderr, 'dynodesk: Usage: dynodesk lan [--json]\n');
  assert.equal((await cli(home.path, ['lan:enable', '--yes'])).code, 1, 'unknown flags are refused');
  assert.equal((await lanJson(home.path)).lanAccess, false, 'refused commands changed nothing');
  assert.equal(await serve.stop(), 0);
});

test('a port taken on another address: lan:enable fails with exit 1, names the port, changes nothing', { skip: process.platform !== 'linux' && 'needs 127.0.0.2 on loopback (Linux)' }, async (t) => {
  const home = tempDir('ddn');
  t.after(() => home.remove());
  const serve = startServe(home.path, ['--no-dashboard']);
  t.after(() => { if (serve.child.exitCode === null) serve.child.kill('SIGKILL'); });
  const routerPort = await serve.routerPort;
  const blocker: Server = createServer((s) => s.destroy());
  await new Promise<void>((resolve, reject) => {
    blocker.once('error', reject);
    blocker.listen({ host: '127.0.0.2', port: routerPort }, () => resolve());
  });
  t.after(() => blocker.close());
  const r = await cli(home.path, ['lan:enable']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, new RegExp(`dynodesk: Could not listen on port ${routerPort} on 0\\.0\\.0\\.0 \\(another program is using it\\); the router stays on 127\\.0\\.0\\.1\\.\\n$`));
  assert.equal((await lanJson(home.path)).lanAccess, false);
  assert.equal(existsSync(join(home.path, 'preferences.json')), false);
  assert.equal((await httpGet(routerPort, 'nope.localhost')).status, 404, 'the router still answers');
  assert.equal(await serve.stop(), 0);
});

test('serve --lan forces LAN access for the run only; lan:disable explains why it cannot', async (t) => {
  const home = tempDir('ddn');
  t.after(() => home.remove());
  const serve = startServe(home.path, ['--no-dashboard', '--lan']);
  t.after(() => { if (serve.child.exitCode === null) serve.child.kill('SIGKILL'); });
  await serve.routerPort;
  assert.match(serve.output(), /LAN access: on for this run \(--lan\)/);
  const forced = await lanJson(home.path);
  assert.equal(forced.lanAccess, true);
  assert.equal(forced.lanForced, true);
  assert.match(await ok(home.path, ['lan']), /^LAN access: on for this run \(`dynodesk serve --lan`\)/);
  const r = await cli(home.path, ['lan:disable']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /dynodesk: LAN access was turned on for this run by `dynodesk serve --lan`; restart the engine without --lan to turn it off\./);
  assert.equal(existsSync(join(home.path, 'preferences.json')), false, '--lan is not saved');
  assert.equal(await serve.stop(), 0);

  // The next plain start follows the (unchanged) saved setting: off.
  const again = startServe(home.path, ['--no-dashboard']);
  t.after(() => { if (again.child.exitCode === null) again.child.kill('SIGKILL'); });
  await again.routerPort;
  assert.equal((await lanJson(home.path)).lanAccess, false);
  assert.equal(await again.stop(), 0);
});

test('help explains the commands and what --lan does', async () => {
  const home = tempDir('ddn');
  try {
    const top = await ok(home.path, ['help']);
    for (const name of ['lan', 'lan:enable', 'lan:disable']) assert.match(top, new RegExp(`\\n  ${name} +\\S`));
    assert.match(await ok(home.path, ['help', 'lan:enable']), /^Usage: dynodesk lan:enable \[--json\]\n\nLet other devices on your network reach your apps/);
    assert.match(await ok(home.path, ['serve', '--help']), /--lan {2}Let other devices on your network reach your apps for this run[\s\S]*Not saved/);
  } finally {
    home.remove();
  }
});
