// The CLI when a release's dynos do not come up: deploy, config:set, config:unset and ps:restart
// still exit 0 (the release is recorded, as on Heroku) and warn on stderr; ps, apps --json and info
// show the old release serving and the new one failed. A good change then rolls normally.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, httpGet } from '../../helpers/engine.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';
import { cli, cliOk as ok, startServe } from '../../helpers/cli.js';

interface PsJson { name: string; state: string; pid: number | null; release: number | null }

test('a release whose dynos crash: commands exit 0 with a warning, the old release keeps serving', async (t) => {
  const home = tempDir('ddr');
  t.after(() => home.remove());
  const serve = startServe(home.path, ['--no-dashboard', '--boot-timeout', '10']);
  t.after(() => { if (serve.child.exitCode === null) serve.child.kill('SIGKILL'); });
  const routerPort = await serve.routerPort;
  // Name, state, pid and release only: metrics and counters move on their own.
  const ps = async (): Promise<PsJson[]> => (JSON.parse(await ok(home.path, ['ps', '-a', 'fickle', '--json'])) as PsJson[])
    .map(({ name, state, pid, release }) => ({ name, state, pid, release }));
  const summary = (dynos: PsJson[]): string[] => dynos.map((d) => `${d.name}:${d.state}:v${d.release ?? '-'}`);

  await ok(home.path, ['deploy', fixture('dyno-fickle'), '--name', 'fickle']);
  await ok(home.path, ['ps:scale', 'web=2', '-a', 'fickle']);
  const v1 = await waitFor('two web dynos up', async () => {
    const list = await ps();
    return list.length === 2 && list.every((d) => d.state === 'up') ? list : null;
  });

  const set = await cli(home.path, ['config:set', 'BOOT=crash', '-a', 'fickle']);
  assert.equal(set.code, 0, set.stderr);
  assert.equal(set.stdout, 'Setting BOOT and restarting fickle... done, v2\n');
  assert.match(set.stderr, /^Warning: release v2 failed: web\.[12] crashed during boot \(exit 1\); still serving v1\n$/);
  assert.deepEqual(await ps(), v1, 'the same dynos, up, on v1');
  assert.match(await ok(home.path, ['ps', '-a', 'fickle']), /^web\.1: up \S+ \(v1, pid \d+/m);
  const apps = JSON.parse(await ok(home.path, ['apps', '--json'])) as Array<{ release: number; releaseStatus: { version: number; status: string; serving: number } }>;
  assert.deepEqual({ release: apps[0]?.release, ...apps[0]?.releaseStatus, reason: null }, { release: 2, version: 2, status: 'failed', reason: null, serving: 1 });
  assert.match(await ok(home.path, ['info', '-a', 'fickle']), /^Release: +v2 \(failed: web\.[12] crashed during boot \(exit 1\); serving v1\)$/m);
  assert.equal((await httpGet(routerPort, 'fickle.localhost')).status, 200);

  // A deploy keeps the config var, so its release fails too; a restart retries it, with the same result.
  const deployed = await cli(home.path, ['deploy', fixture('dyno-fickle'), '--name', 'fickle']);
  assert.equal(deployed.code, 0, deployed.stderr);
  assert.match(deployed.stdout, /^Deployed fickle v3 /);
  assert.match(deployed.stderr, /\nWarning: release v3 failed: web\.[12] crashed during boot \(exit 1\); still serving v1\n$/);
  const restarted = await cli(home.path, ['ps:restart', '-a', 'fickle']);
  assert.equal(restarted.code, 0, restarted.stderr);
  assert.match(restarted.stderr, /^Warning: release v3 failed: .*; still serving v1\n$/);
  assert.deepEqual(await ps(), v1);

  const unset = await cli(home.path, ['config:unset', 'BOOT', '-a', 'fickle']);
  assert.equal(unset.code, 0, unset.stderr);
  assert.equal(unset.stderr, '');
  assert.equal(unset.stdout, 'Unsetting BOOT and restarting fickle... done, v4\n');
  const v4 = await waitFor('v4 on both web dynos', async () => {
    const list = await ps();
    return summary(list).join() === 'web.1:up:v4,web.2:up:v4' ? list : null;
  });
  assert.ok(v4.every((d) => !v1.some((old) => old.pid === d.pid)));
  assert.match(await ok(home.path, ['info', '-a', 'fickle']), /^Release: +v4$/m);
  assert.equal(await serve.stop(), 0);
});
