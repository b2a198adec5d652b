// Messages that fit the app, through the real CLI and engine: a worker-only app gets no URL and hints
// that name its own process types; app.json required vars go in with `deploy --env`; the release
// phase shows up in `logs`; and `logs` comes out in time order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, httpGet } from '../../helpers/engine.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';
import { BIN, cli, cliOk as ok, startServe } from '../../helpers/cli.js';

test('worker-only app, deploy --env, release phase in logs, logs in time order', async (t) => {
  const home = tempDir('ddm');
  const user = tempDir('ddw');
  t.after(() => { home.remove(); user.remove(); });
  const serve = startServe(home.path, ['--no-dashboard']);
  t.after(() => { if (serve.child.exitCode === null) serve.child.kill('SIGKILL'); });
  const routerPort = await serve.routerPort;

  // A worker-only app: no URL anywhere, and the hints name `worker`, which then works.
  const deployed = await ok(home.path, ['deploy', fixture('dyno-worker'), '--name', 'jobs']);
  assert.equal(deployed.trim(), 'Deployed jobs v1 (no web process, so no URL; nothing runs yet: start it with `dynodesk ps:scale worker=1 -a jobs`)');
  const ps = await ok(home.path, ['ps', '-a', 'jobs']);
  assert.equal(ps.trim(), 'No dynos running. Scale up with `dynodesk ps:scale worker=1`.');
  assert.match(await ok(home.path, ['ps:scale', 'worker=1', '-a', 'jobs']), /now running worker at 1/);
  const apps = JSON.parse(await ok(home.path, ['apps', '--json'])) as { name: string; url: string | null }[];
  assert.deepEqual(apps.map((a) => [a.name, a.url]), [['jobs', null]]);
  assert.match(await ok(home.path, ['apps']), /^jobs +\S+ +\d+ +\(no web process\) +\//m);
  const info = await ok(home.path, ['info', '-a', 'jobs']);
  assert.match(info, /^Web URL: +none \(no web process\)$/m);
  assert.doesNotMatch(info, /localhost|App port/);
  assert.equal((JSON.parse(await ok(home.path, ['info', '-a', 'jobs', '--json'])) as { url: unknown }).url, null);
  const open = await cli(home.path, ['open', '-a', 'jobs']);
  assert.equal(open.code, 1);
  assert.equal(open.stdout, '');
  assert.equal(open.stderr, 'dynodesk: jobs has no web process (process types: worker): there is nothing to open in a browser\n');

  // app.json `required` variables: named before any build, then given with --env (repeatable).
  const required = join(user.path, 'needs-vars');
  cpSync(fixture('app-required'), required, { recursive: true });
  const refused = await cli(home.path, ['deploy', required]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /dynodesk: app\.json requires API_TOKEN, REGION, which have no value: deploy with --env API_TOKEN=…/);
  assert.doesNotMatch(refused.stderr, /\[build\]/, 'refused before the build');
  const malformed = await cli(home.path, ['deploy', required, '--env', 'API_TOKEN']);
  assert.equal(malformed.code, 1);
  assert.match(malformed.stderr, /--env API_TOKEN is invalid: expected KEY=VALUE/);
  const given = await ok(home.path, ['deploy', required, '--env', 'API_TOKEN=s3cr=t', '-e', 'REGION=eu-west']);
  assert.match(given, new RegExp(`^Deployed required-demo v1 → http://required-demo\\.localhost:${routerPort} `));
  assert.deepEqual(JSON.parse(await ok(home.path, ['config', '-a', 'required-demo', '--json'])), { API_TOKEN: 's3cr=t', REGION: 'eu-west' });
  await waitFor('the dyno sees the value', async () => (await httpGet(routerPort, 'required-demo.localhost', '/env/API_TOKEN')).body === 's3cr=t');

  // The release phase: its output and its outcome are in the app's log stream.
  const project = join(user.path, 'migrator');
  cpSync(fixture('app-release'), project, { recursive: true });
  await ok(home.path, ['deploy', project]);
  cpSync(fixture('app-release-fail/release.cjs'), join(project, 'release.cjs'));
  const failed = await cli(home.path, ['deploy', project]);
  assert.equal(failed.code, 1);
  const logs = await ok(home.path, ['logs', '-n', '1000', '-a', 'migrator']);
  const stamp = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00';
  assert.match(logs, new RegExp(`^${stamp} app\\[release\\.1\\]: release phase: running migrations$`, 'm'));
  assert.match(logs, new RegExp(`^${stamp} dynodesk\\[api\\]: Release v1 created \\(Procfile\\)$`, 'm'));
  assert.match(logs, new RegExp(`^${stamp} app\\[release\\.2\\]: release phase: migration 42 failed: table "widgets" already exists$`, 'm'));
  assert.match(logs, new RegExp(`^${stamp} dynodesk\\[api\\]: Release v2 failed: release command failed with exit code 3$`, 'm'));
  assert.match(await ok(home.path, ['logs', '-a', 'migrator', '--dyno', 'release.2']), /release\.2\]: release phase: migration 42 failed/);

  // Router lines (stamped in the router's thread, delivered later in batches) and dyno lines merged
  // into one stream, oldest first.
  for (let i = 0; i < 20; i++) await httpGet(routerPort, 'migrator.localhost', `/order-${i}`);
  const merged = await waitFor('router lines in the log', async () => {
    const text = await ok(home.path, ['logs', '-n', '1000', '-a', 'migrator']);
    return text.includes('path="/order-19"') ? text : null;
  });
  const times = merged.trim().split('\n').map((l) => l.split(' ', 1)[0] ?? '');
  assert.ok(times.length > 30);
  assert.deepEqual(times, [...times].sort(), 'timestamps never go backwards');

  // `logs --tail` started while lines are arriving: every line once (the backlog may hold lines
  // that are sent live only after it was read). Live order is best effort (a router batch held up
  // longer than the hold lands late), so only `logs` above is checked for order.
  const tail = spawn(process.execPath, [BIN, 'logs', '--tail', '-n', '1000', '-a', 'migrator'], { env: { ...process.env, DYNODESK_HOME: home.path } });
  let tailed = '';
  tail.stdout.on('data', (c: Buffer) => { tailed += c.toString(); });
  for (let i = 0; !tailed.includes('path="/tail-30"'); i++) {
    await httpGet(routerPort, 'migrator.localhost', `/tail-${i}`);
    if (i > 30) await new Promise((r) => setTimeout(r, 20));
    assert.ok(i < 2000, 'the tail shows live lines');
  }
  tail.kill('SIGINT');
  assert.equal(await new Promise((resolve) => tail.on('exit', resolve)), 0);
  const ids = [...tailed.matchAll(/request_id=(\S+)/g)].map((m) => m[1]);
  assert.ok(ids.length > 40);
  assert.equal(new Set(ids).size, ids.length, 'no line printed twice');
  assert.equal(await serve.stop(), 0);
});
