// apps.deploy through the engine's own door: absolute paths only, app.json required vars (asked for
// before the build, given with `env`), and the release phase in the app's log stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join, relative } from 'node:path';
import { allUp, fixture, httpGet, openEngine, waitForDynos } from '../../helpers/engine.js';
import { tempDir } from '../../helpers/tmp.js';

test('relative paths are refused whatever they would resolve to, and nothing changes', async (t) => {
  const e = await openEngine();
  t.after(() => e.close());
  // Each of these names a real app folder relative to this process's cwd (the engine's): still refused.
  const fromHere = relative(process.cwd(), fixture('app-node'));
  for (const path of [fromHere, `./${fromHere}`, '.', '~', '~/app']) {
    const r = await e.invoke('apps.deploy', { path });
    assert.equal(r.ok, false, `${path} is refused`);
    if (!r.ok) {
      assert.equal(r.error.code, 'invalid');
      assert.match(r.error.message, /^path must be absolute, got "/);
    }
  }
  assert.deepEqual(await e.call('apps.list', {}), []);
  const failed = e.events.filter((ev) => ev.event === 'deploy.progress' && ev.payload.status === 'failed');
  assert.equal(failed.length, 5, 'each refusal ends its deploy as failed');
});

test('required app.json vars: named with their descriptions before any build, then given with env', async (t) => {
  const e = await openEngine();
  t.after(() => e.close());
  const path = fixture('app-required');
  const refused = await e.invoke('apps.deploy', { path, deployId: 'no-env' });
  assert.equal(refused.ok, false);
  if (!refused.ok) {
    assert.equal(refused.error.code, 'invalid');
    assert.deepEqual(refused.error.missingConfig, [
      { name: 'API_TOKEN', description: 'Token for the upstream API' },
      { name: 'REGION', description: null },
    ]);
    assert.match(refused.error.message, /app\.json requires API_TOKEN, REGION.*--env API_TOKEN=/);
  }
  const steps = e.events.flatMap((ev) => (ev.event === 'deploy.progress' && ev.payload.deployId === 'no-env' ? [ev.payload.step] : []));
  assert.ok(!steps.includes('build'), `refused before the build (steps: ${steps.join(',')})`);

  // Half the answers: the rest are still asked for.
  const partly = await e.invoke('apps.deploy', { path, env: { API_TOKEN: 'tok' } });
  assert.ok(!partly.ok && partly.error.missingConfig?.length === 1 && partly.error.missingConfig[0]?.name === 'REGION');
  const badKey = await e.invoke('apps.deploy', { path, env: { API_TOKEN: 'tok', REGION: 'eu', '1BAD': 'x' } });
  assert.ok(!badKey.ok && /invalid config var name "1BAD"/.test(badKey.error.message), 'a bad name is refused');
  const reserved = await e.invoke('apps.deploy', { path, env: { API_TOKEN: 'tok', REGION: 'eu', PORT: '1' } });
  assert.ok(!reserved.ok && /reserved/.test(reserved.error.message));
  assert.deepEqual(await e.call('apps.list', {}), [], 'no refusal left an app behind');

  const { app, release } = await e.call('apps.deploy', { path, env: { API_TOKEN: 'tok', REGION: 'eu-west' } });
  assert.equal(app.name, 'required-demo');
  assert.equal(release, 1);
  assert.deepEqual(await e.call('config.get', { app: 'required-demo' }), { API_TOKEN: 'tok', REGION: 'eu-west' });
  await waitForDynos(e, 'required-demo', allUp({ web: 1 }), 'web up');
  assert.equal((await httpGet(app.port, 'localhost', '/env/REGION')).body, 'eu-west');
  assert.equal((await httpGet(app.port, 'localhost', '/env/GREETING')).body, 'hi', 'a required var with a default is not asked for');
  const info = await e.call('apps.info', { app: 'required-demo' });
  assert.match(info.releases[0]?.description ?? '', /Initial release \(set API_TOKEN, REGION config vars\)/);

  // A redeploy needs nothing more: the values are config vars now. env overrides them.
  assert.equal((await e.call('apps.deploy', { path })).release, 2);
  assert.equal((await e.call('apps.deploy', { path, env: { REGION: 'us' } })).release, 3);
  assert.deepEqual(await e.call('config.get', { app: 'required-demo' }), { API_TOKEN: 'tok', REGION: 'us' });
  await e.call('config.unset', { app: 'required-demo', keys: ['REGION'] });
  const again = await e.invoke('apps.deploy', { path });
  assert.ok(!again.ok && /config:set REGION=… -a required-demo/.test(again.error.message), 'an existing app is told about config:set too');
});

test('the release phase writes its output and its outcome to the app log, in time order', async (t) => {
  const e = await openEngine();
  const dir = tempDir('ddr');
  t.after(async () => { await e.close(); dir.remove(); });
  const path = join(dir.path, 'shop');
  cpSync(fixture('app-release'), path, { recursive: true });
  await e.call('apps.deploy', { path });
  await waitForDynos(e, 'shop', allUp({ web: 1 }), 'web up');
  const texts = (await e.call('logs.get', { app: 'shop', lines: 1000 })).map((l) => `${l.source}[${l.dyno}]: ${l.text}`);
  const at = (line: string): number => { const i = texts.indexOf(line); assert.ok(i >= 0, `${line} in\n${texts.join('\n')}`); return i; };
  const order = [
    at('dynodesk[release.1]: Starting process with command `node release.cjs`'),
    at('app[release.1]: release phase: running migrations'),
    at('app[release.1]: release phase: done'),
    at('dynodesk[release.1]: Process exited with status 0'),
    at('dynodesk[api]: Release v1 created (Procfile)'),
  ];
  assert.deepEqual(order, [...order].sort((a, b) => a - b));
  assert.deepEqual((await e.call('logs.get', { app: 'shop', dyno: 'release' })).map((l) => l.dyno), Array(4).fill('release.1'), '--dyno release selects them');

  // The release command now fails: v2 is not created, and the log says why.
  cpSync(fixture('app-release-fail/release.cjs'), join(path, 'release.cjs'));
  const failed = await e.invoke('apps.deploy', { path });
  assert.ok(!failed.ok && /Release command failed with exit code 3/.test(failed.error.message));
  const after = (await e.call('logs.get', { app: 'shop', lines: 1000 }));
  const lines = after.map((l) => `${l.source}[${l.dyno}]: ${l.text}`);
  assert.ok(lines.includes('app[release.2]: release phase: migration 42 failed: table "widgets" already exists'), lines.join('\n'));
  assert.ok(lines.includes('dynodesk[api]: Release v2 failed: release command failed with exit code 3'), lines.join('\n'));
  assert.equal((await e.call('apps.info', { app: 'shop' })).release, 1, 'the running release is untouched');
  for (let i = 1; i < after.length; i++) assert.ok(after[i - 1]!.time <= after[i]!.time, `log in time order: ${after[i - 1]!.time} then ${after[i]!.time}`);
});
