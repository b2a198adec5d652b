// An engine killed mid-life, then a damaged state.json: the next engine must come back with the
// state of the last completed write (the app and its config var), and say what it repaired.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { truncateSync } from 'node:fs';
import { join } from 'node:path';
import { cliOk, startServe } from '../helpers/cli.js';
import { fixture, httpGet } from '../helpers/engine.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

test('a truncated state.json after a SIGKILL recovers the latest app and config var, and says so', { timeout: 180_000 }, async (t) => {
  const home = tempDir('ddr');
  t.after(() => home.remove());
  const first = startServe(home.path, ['--no-dashboard']);
  t.after(() => { if (first.child.exitCode === null) first.child.kill('SIGKILL'); });
  await first.routerPort;
  await cliOk(home.path, ['deploy', fixture('app-node'), '--name', 'shop']);
  await cliOk(home.path, ['config:set', 'SHADE=blue', '-a', 'shop']);

  const exited = new Promise((resolve) => first.child.once('exit', resolve));
  first.child.kill('SIGKILL');
  await exited;
  // What a torn write by a dying disk or a careless editor looks like: a file cut short.
  truncateSync(join(home.path, 'state.json'), 20);

  const second = startServe(home.path, ['--no-dashboard']);
  t.after(async () => { await second.stop(); });
  const routerPort = await second.routerPort;
  assert.match(second.output(), /Warning: State file .*state\.json was corrupt \(.+\); moved it to .*state\.json\.corrupt-\S+ and loaded the last good copy\./);
  const apps = JSON.parse(await cliOk(home.path, ['apps', '--json'])) as { name: string; release: number }[];
  assert.deepEqual(apps.map((a) => [a.name, a.release]), [['shop', 2]], 'the app and its latest release survived');
  assert.deepEqual(JSON.parse(await cliOk(home.path, ['config', '-a', 'shop', '--json'])), { SHADE: 'blue' });
  await waitFor('the restored app to serve its config var', async () => (await httpGet(routerPort, 'shop.localhost', '/env/SHADE')).body === 'blue');
});
