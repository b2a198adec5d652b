// The dynodesk CLI against a real headless engine (`dynodesk serve`), as a user runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { alive, fixture, httpGet } from '../helpers/engine.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';
import { controlSocketPath } from '../../electron/host/control-path.js';
import { BIN, cli, cliOk as ok, startServe } from '../helpers/cli.js';


test('CLI without an engine says how to start one', async (t) => {
  const home = tempDir('ddc');
  t.after(() => home.remove());
  const r = await cli(home.path, ['ps', '-a', 'x']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /No Dynodesk engine is running.*npx dynodesk serve/);
});

test('serve + deploy, apps, ps, scale, config, logs, run, info, destroy; Ctrl-C stops everything', async (t) => {
  const home = tempDir('ddc');
  t.after(() => home.remove());
  const serve = startServe(home.path, ['--dashboard-port', '0']);
  t.after(() => { if (serve.child.exitCode === null) serve.child.kill('SIGKILL'); });
  const routerPort = await serve.routerPort;
  assert.match(serve.output(), /Dashboard: http:\/\/127\.0\.0\.1:\d+\/#token=\S+/);
  if (process.platform !== 'win32') {
    assert.equal(statSync(controlSocketPath(home.path)).mode & 0o777, 0o600, 'control socket is private');
  }

  const deployed = await cli(home.path, ['deploy', fixture('app-node'), '--name', 'shop']);
  assert.equal(deployed.code, 0, deployed.stderr);
  assert.match(deployed.stdout, new RegExp(`Deployed shop v1 → http://shop\\.localhost:${routerPort}`));
  assert.match(deployed.stderr, /\[detect\][\s\S]*\[build\][\s\S]*\[release\][\s\S]*\[start\]/);

  const apps = JSON.parse(await ok(home.path, ['apps', '--json'])) as { name: string; url: string; port: number; formation: Record<string, number>; processTypes: string[]; path: string }[];
  assert.equal(apps.length, 1);
  const [shop] = apps;
  assert.equal(shop?.name, 'shop');
  assert.equal(shop?.url, `http://shop.localhost:${routerPort}`);
  assert.equal(shop?.path, fixture('app-node'));
  assert.deepEqual(shop?.formation, { web: 1, worker: 0 });
  assert.ok(Number.isInteger(shop?.port) && shop?.port !== routerPort, 'the app has its own router port');
  assert.equal((await httpGet(shop?.port ?? 0, 'localhost')).body, 'Hello from app-node on web.1\n', 'the app port routes without a Host match');
  assert.deepEqual(apps[0]?.processTypes.sort(), ['web', 'worker']);

  await ok(home.path, ['ps:scale', 'web=2', 'worker=1', '-a', 'shop']);
  const ps = await waitFor('three dynos up', async () => {
    const list = JSON.parse(await ok(home.path, ['ps', '-a', 'shop', '--json'])) as { name: string; type: string; state: string; pid: number; port: number | null; restarts: number }[];
    return list.length === 3 && list.every((d) => d.state === 'up') ? list : null;
  });
  assert.deepEqual(ps.map((d) => d.name).sort(), ['web.1', 'web.2', 'worker.1']);
  for (const d of ps) assert.deepEqual(Object.keys(d).slice(0, 6), ['name', 'type', 'state', 'pid', 'port', 'restarts']);

  const badScale = await cli(home.path, ['ps:scale', 'web=abc', '-a', 'shop']);
  assert.equal(badScale.code, 1);
  assert.match(badScale.stderr, /not a whole number/);
  const badType = await cli(home.path, ['ps:scale', 'clock=1', '-a', 'shop']);
  assert.equal(badType.code, 1);
  assert.match(badType.stderr, /No such process type clock/);

  assert.match(await ok(home.path, ['config:set', 'SHADE=blue', '-a', 'shop']), /Setting SHADE and restarting shop\.\.\. done, v2/);
  assert.deepEqual(JSON.parse(await ok(home.path, ['config', '-a', 'shop', '--json'])), { SHADE: 'blue' });
  await waitFor('SHADE in the dyno', async () => (await httpGet(routerPort, 'shop.localhost', '/env/SHADE')).body === 'blue');
  const reserved = await cli(home.path, ['config:set', 'PORT=1', '-a', 'shop']);
  assert.equal(reserved.code, 1);
  assert.match(reserved.stderr, /reserved/);
  assert.deepEqual(JSON.parse(await ok(home.path, ['config', '-a', 'shop', '--json'])), { SHADE: 'blue' }, 'a refused config:set changes nothing');
  await ok(home.path, ['config:unset', 'SHADE', '-a', 'shop']);

  const logs = await ok(home.path, ['logs', '-n', '200', '-a', 'shop']);
  assert.match(logs, /^\S+ app\[web\.1\]: app-node listening on \d+$/m);
  assert.match(logs, /dynodesk\[web\.2\]: State changed from starting to up/);
  const webOnly = await ok(home.path, ['logs', '-n', '50', '--dyno', 'worker.1', '-a', 'shop']);
  assert.ok(webOnly.trim().split('\n').every((l) => l.includes('[worker.1]')));

  const run = await cli(home.path, ['run', '-a', 'shop', 'echo', 'one-off:$DYNO:$SHADE-none']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /one-off:run\.1:-none/);
  const failing = await cli(home.path, ['run', '-a', 'shop', 'exit 7']);
  assert.equal(failing.code, 7, 'run exits with the one-off dyno\'s status');

  // Router stats after traffic, and the other everyday commands.
  for (let i = 0; i < 5; i++) await httpGet(routerPort, 'shop.localhost');
  const stats = await waitFor('stats to count the requests', async () => {
    const s = JSON.parse(await ok(home.path, ['stats', '-a', 'shop', '--json'])) as { requests: number; rps: Record<string, number>; statuses: Record<string, number>; latencyMs: Record<string, number>; dynos: Record<string, { requests: number }> };
    return s.requests >= 5 ? s : null;
  });
  assert.deepEqual(Object.keys(stats.statuses), ['2xx', '3xx', '4xx', '5xx']);
  assert.deepEqual(Object.keys(stats.latencyMs), ['p50', 'p95', 'p99']);
  assert.ok((stats.statuses['2xx'] ?? 0) >= 5);
  assert.ok(Object.keys(stats.dynos).length > 0 && Object.keys(stats.dynos).every((n) => /^web\.\d+$/.test(n)));
  assert.ok(Object.values(stats.dynos).reduce((n, d) => n + d.requests, 0) >= 5, 'per-dyno counts add up');
  assert.equal((await ok(home.path, ['open', '-a', 'shop'])).trim(), `http://shop.localhost:${routerPort}/`);
  await ok(home.path, ['maintenance:on', '-a', 'shop']);
  assert.equal((await httpGet(routerPort, 'shop.localhost')).status, 503);
  await ok(home.path, ['maintenance:off', '-a', 'shop']);
  assert.equal((await httpGet(routerPort, 'shop.localhost')).status, 200);
  assert.match(await ok(home.path, ['settings:set', 'algorithm=least-connections', '-a', 'shop']), /algorithm: least-connections/);
  const badSetting = await cli(home.path, ['settings:set', 'algorithm=fastest', '-a', 'shop']);
  assert.equal(badSetting.code, 1);
  assert.match(badSetting.stderr, /Unknown algorithm "fastest"/);
  // Redeploy on save: on and off from the CLI (the watching itself is tested in tests/engine/apps/autodeploy.test.ts).
  assert.match(await ok(home.path, ['settings:set', 'autodeploy=on', '-a', 'shop']), /autodeploy: true/);
  assert.match(await ok(home.path, ['settings', '-a', 'shop']), /autodeploy: true/);
  assert.match((await cli(home.path, ['settings:set', 'autodeploy=maybe', '-a', 'shop'])).stderr, /autodeploy must be on or off, got "maybe"/);
  assert.match(await ok(home.path, ['settings:set', 'autodeploy=off', '-a', 'shop']), /autodeploy: false/);
  const worker = ps.find((d) => d.name === 'worker.1');
  assert.match(await ok(home.path, ['ps:restart', 'worker', '-a', 'shop']), /Restarting worker\.1/);
  const web2 = await waitFor('web.2 up', async () => (JSON.parse(await ok(home.path, ['ps', '-a', 'shop', '--json'])) as { name: string; state: string; pid: number }[]).find((d) => d.name === 'web.2' && d.state === 'up'));
  await ok(home.path, ['ps:stop', 'web.2', '-a', 'shop']);
  await waitFor('restarted worker and replaced web.2 up', async () => {
    const list = JSON.parse(await ok(home.path, ['ps', '-a', 'shop', '--json'])) as { name: string; state: string; pid: number }[];
    return list.length === 3 && list.every((d) => d.state === 'up') && list.find((d) => d.name === 'worker.1')?.pid !== worker?.pid
      && list.find((d) => d.name === 'web.2')?.pid !== web2.pid;
  });
  assert.equal(alive(web2.pid), false, 'ps:stop stopped the old web.2');

  // logs --tail follows new lines until Ctrl-C.
  const tail = spawn(process.execPath, [BIN, 'logs', '--tail', '-n', '1', '-a', 'shop'], { env: { ...process.env, DYNODESK_HOME: home.path } });
  let tailed = '';
  tail.stdout.on('data', (c: Buffer) => { tailed += c.toString(); });
  await waitFor('the backlog line', () => tailed.length > 0);
  await httpGet(routerPort, 'shop.localhost', '/tailed-request');
  await waitFor('the live router line', () => tailed.includes('path="/tailed-request"'), 15_000);
  tail.kill('SIGINT');
  assert.equal(await new Promise((resolve) => tail.on('exit', resolve)), 0);

  const info = await ok(home.path, ['info', '-a', 'shop']);
  assert.match(info, /=== shop[\s\S]*Web URL: +http:\/\/shop\.localhost/);

  const destroy = await cli(home.path, ['apps:destroy', 'shop']);
  assert.equal(destroy.code, 0, destroy.stderr);
  for (const d of ps) assert.equal(alive(d.pid), false, `${d.name} stopped by destroy`);
  assert.deepEqual(JSON.parse(await ok(home.path, ['apps', '--json'])), []);

  await ok(home.path, ['deploy', fixture('app-node')]);
  const pids = await waitFor('redeployed app up', async () => {
    const list = JSON.parse(await ok(home.path, ['ps', '--json'])) as { state: string; pid: number }[];
    return list.length === 1 && list[0]?.state === 'up' ? list.map((d) => d.pid) : null;
  });
  serve.child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => serve.child.on('exit', (c) => resolve(c)));
  assert.equal(code, 0, serve.output());
  for (const pid of pids) assert.equal(alive(pid), false, 'SIGINT stopped every dyno');
  const after = await cli(home.path, ['apps']);
  assert.match(after.stderr, /No Dynodesk engine is running/);
});

test('unknown command and bad flags fail with a one-line reason', async (t) => {
  const home = tempDir('ddc');
  t.after(() => home.remove());
  const r = await cli(home.path, ['frobnicate']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /frobnicate is not a command/);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, 'one line');
  const flag = await cli(home.path, ['ps', '--bogus']);
  assert.equal(flag.code, 1);
  assert.match(flag.stderr, /Unknown flag --bogus/);
  assert.equal(flag.stderr.trimEnd().split('\n').length, 1, 'one line');
  const help = await ok(home.path, ['help']);
  assert.match(help, /ps:scale/);
});
