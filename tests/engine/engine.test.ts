// The engine end to end, in-process: real builds, real dynos on ptys, the real router.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alive, allUp, fixture, httpGet, openEngine, waitForDynos } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait.js';

test('deploy, route, scale, config, logs, destroy', async (t) => {
  const e = await openEngine();
  t.after(() => e.close());
  const { app, release } = await e.call('apps.deploy', { path: fixture('app-node') });
  assert.equal(app.name, 'app-node');
  assert.equal(release, 1);
  assert.deepEqual(app.formation, { web: 1, worker: 0 });
  assert.deepEqual(app.processTypes.sort(), ['web', 'worker']);
  assert.equal(app.url, `http://app-node.localhost:${e.engine.routerPort}`);
  assert.ok(app.port > 0 && app.port !== e.engine.routerPort);

  await waitForDynos(e, 'app-node', allUp({ web: 1 }), 'web.1 up');
  const hello = await httpGet(e.engine.routerPort, 'app-node.localhost');
  assert.equal(hello.status, 200);
  assert.equal(hello.body, 'Hello from app-node on web.1\n');
  const byPort = await httpGet(app.port, 'localhost');
  assert.equal(byPort.body, 'Hello from app-node on web.1\n');

  await t.test('scale live', async () => {
    assert.deepEqual(await e.call('ps.scale', { app: 'app-node', formation: { web: 3, worker: 1 } }), { web: 3, worker: 1 });
    const dynos = await waitForDynos(e, 'app-node', allUp({ web: 3, worker: 1 }), '3 web + 1 worker up');
    assert.deepEqual(dynos.map((d) => d.name).sort(), ['web.1', 'web.2', 'web.3', 'worker.1']);
    assert.equal(new Set(dynos.map((d) => d.port)).size, 4, 'every dyno has its own port');
    const seen = new Set<string>();
    for (let i = 0; i < 9; i++) seen.add((await httpGet(e.engine.routerPort, 'app-node.localhost')).body.trim());
    assert.equal(seen.size, 3, `requests spread over the web dynos: ${[...seen].join(', ')}`);
    await e.call('ps.scale', { app: 'app-node', formation: { web: 1, worker: 0 } });
    const after = await waitForDynos(e, 'app-node', allUp({ web: 1 }), 'back to web=1');
    for (const d of dynos.filter((x) => x.name !== 'web.1')) assert.equal(alive(d.pid as number), false, `${d.name} stopped`);
    assert.equal(after[0]?.name, 'web.1');
  });

  await t.test('bad scale requests are refused and change nothing', async () => {
    const bad: [Record<string, number>, RegExp][] = [
      [{ nope: 1 }, /No such process type nope/],
      [{ web: 1.5 }, /not a whole number/],
      [{ web: 101 }, /must be 0 to 100/],
      [{ web: -1 }, /must be 0 to 100/],
      [{ web: 60, worker: 41 }, /at most 100/],
    ];
    for (const [formation, message] of bad) {
      const r = await e.invoke('ps.scale', { app: 'app-node', formation });
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.error.message, message);
    }
    assert.deepEqual((await e.call('apps.info', { app: 'app-node' })).formation, { web: 1, worker: 0 });
  });

  await t.test('config vars: new release, dynos see them; bad names refused', async () => {
    const { release: v2 } = await e.call('config.set', { app: 'app-node', vars: { GREETING: 'hej', OTHER: 'x' } });
    assert.equal(v2, 2);
    await waitFor('GREETING visible to the dyno', async () => (await httpGet(e.engine.routerPort, 'app-node.localhost', '/env/GREETING')).body === 'hej');
    assert.deepEqual(await e.call('config.get', { app: 'app-node' }), { GREETING: 'hej', OTHER: 'x' });
    for (const [key, message] of [['PORT', /reserved/], ['1BAD', /invalid config var name/], ['A-B', /invalid config var name/]] as const) {
      const r = await e.invoke('config.set', { app: 'app-node', vars: { [key]: 'v' } });
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.error.message, message);
    }
    const { release: v3 } = await e.call('config.unset', { app: 'app-node', keys: ['OTHER'] });
    assert.equal(v3, 3);
    assert.deepEqual(await e.call('config.get', { app: 'app-node' }), { GREETING: 'hej' });
    const info = await e.call('apps.info', { app: 'app-node' });
    assert.equal(info.release, 3);
    assert.deepEqual(info.releases.map((r) => r.description), ['Remove OTHER config vars', 'Set GREETING, OTHER config vars', 'Initial release']);
  });

  await t.test('logs: dyno output, lifecycle and router lines in one stream', async () => {
    await httpGet(e.engine.routerPort, 'app-node.localhost', '/logged');
    const lines = await waitFor('router line for /logged', async () => {
      const l = await e.call('logs.get', { app: 'app-node', lines: 1000 });
      return l.some((x) => x.dyno === 'router' && x.text.includes('path="/logged"')) ? l : null;
    });
    assert.ok(lines.some((l) => l.source === 'app' && l.dyno === 'web.1' && /app-node listening on \d+/.test(l.text)));
    assert.ok(lines.some((l) => l.source === 'dynodesk' && l.text === 'State changed from starting to up'));
    const router = lines.find((l) => l.text.includes('path="/logged"'));
    assert.match(router?.text ?? '', /^at=info method=GET path="\/logged" host=app-node\.localhost request_id=\S+ fwd="127\.0\.0\.1" dyno=web\.\d+ connect=\d+ms service=\d+ms status=200 bytes=\d+/);
    assert.match(lines[0]?.time ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    const web = await e.call('logs.get', { app: 'app-node', lines: 1000, dyno: 'web.1' });
    assert.ok(web.length > 0 && web.every((l) => l.dyno === 'web.1'));
    assert.ok(e.events.some((ev) => ev.event === 'logs.lines' && ev.payload.app === 'app-node'));
  });

  await t.test('destroy stops every dyno and forgets the app', async () => {
    const dynos = await e.call('ps.list', { app: 'app-node' });
    await e.call('apps.destroy', { app: 'app-node' });
    for (const d of dynos) assert.equal(alive(d.pid as number), false, `${d.name} stopped`);
    assert.deepEqual(await e.call('apps.list', {}), []);
    const gone = await httpGet(e.engine.routerPort, 'app-node.localhost');
    assert.equal(gone.status, 404);
    const r = await e.invoke('ps.list', { app: 'app-node' });
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.code, 'not_found');
  });
});

test('bad deploys fail with a specific message and change nothing', async (t) => {
  const e = await openEngine();
  t.after(() => e.close());
  await e.call('apps.deploy', { path: fixture('app-node'), name: 'taken' });
  const cases: [Parameters<typeof e.invoke<'apps.deploy'>>[1], RegExp][] = [
    [{ path: '/definitely/not/here' }, /not here|does not exist|no such/i],
    [{ path: fixture('empty') }, /Nothing to run.*Procfile.*package\.json.*requirements\.txt.*index\.html/s],
    [{ path: fixture('bad-procfile') }, /Procfile line 3/],
    [{ path: fixture('app-static'), name: 'Bad_Name' }, /invalid app name/],
    [{ path: fixture('app-static'), name: 'a'.repeat(31) }, /invalid app name/],
    [{ path: fixture('app-static'), name: 'taken' }, /already taken/],
    [{ path: fixture('app-release-fail') }, /Release command failed/],
  ];
  for (const [args, message] of cases) {
    const r = await e.invoke('apps.deploy', args);
    assert.equal(r.ok, false, `${JSON.stringify(args)} should fail`);
    if (!r.ok) assert.match(r.error.message, message);
  }
  const missing = await e.invoke('apps.deploy', { path: '/definitely/not/here' });
  assert.deepEqual(missing, { ok: false, error: { message: 'No such folder: /definitely/not/here', code: 'not_found' } });
  // app.json asking for more dynos than an app may run is refused before anything is recorded
  // (it used to be saved, and then stopped the engine from starting at all).
  const greedy = join(e.dataDir, 'greedy');
  mkdirSync(greedy);
  writeFileSync(join(greedy, 'Procfile'), 'web: node -e 0\nworker: node -e 0\n');
  writeFileSync(join(greedy, 'app.json'), JSON.stringify({ formation: { web: { quantity: 60 }, worker: { quantity: 60 } } }));
  const refused = await e.invoke('apps.deploy', { path: greedy });
  assert.equal(refused.ok, false);
  if (!refused.ok) assert.match(refused.error.message, /app\.json formation: That would run 120 dynos; an app may run at most 100/);
  const apps = await e.call('apps.list', {});
  assert.deepEqual(apps.map((a) => a.name), ['taken']);
  assert.equal(apps[0]?.release, 1);
  const failed = e.events.filter((ev) => ev.event === 'deploy.progress' && ev.payload.status === 'failed');
  assert.equal(failed.length, cases.length + 2, 'every failure is reported as a failed deploy step');
});

test('static, Python, release phase and app.json apps deploy', async (t) => {
  const e = await openEngine();
  t.after(() => e.close());
  const marker = join(e.dataDir, 'release-marker');
  process.env.DYNODESK_RELEASE_MARKER = marker;
  t.after(() => { delete process.env.DYNODESK_RELEASE_MARKER; });
  for (const name of ['app-static', 'app-python', 'app-release']) {
    await e.call('apps.deploy', { path: fixture(name) });
    await waitForDynos(e, name, allUp({ web: 1 }), `${name} web up`);
    const r = await httpGet(e.engine.routerPort, `${name}.localhost`);
    assert.equal(r.status, 200, `${name} answers`);
  }
  assert.match((await httpGet(e.engine.routerPort, 'app-static.localhost')).headers['content-type'] as string, /text\/html/);
  assert.ok(readdirSync(e.dataDir).includes('release-marker'), 'the release command ran');
  const { app } = await e.call('apps.deploy', { path: fixture('app-appjson') });
  assert.equal(app.name, 'appjson-demo');
  assert.deepEqual(app.formation, { web: 2, worker: 0 });
  const config = await e.call('config.get', { app: 'appjson-demo' });
  const secrets = Object.values(config).filter((v) => /^[0-9a-f]{64}$/.test(v));
  assert.equal(secrets.length, 1, 'generator: secret made one config var');
  await waitForDynos(e, 'appjson-demo', allUp({ web: 2 }), 'app.json formation up');
});

test('state survives an engine restart; a corrupt state file is quarantined', async (t) => {
  const first = await openEngine({ keepDir: true });
  const dataDir = first.dataDir;
  t.after(async () => { const { rmSync } = await import('node:fs'); rmSync(dataDir, { recursive: true, force: true }); });
  await first.call('apps.deploy', { path: fixture('app-node') });
  await first.call('ps.scale', { app: 'app-node', formation: { web: 2, worker: 1 } });
  await first.call('config.set', { app: 'app-node', vars: { KEPT: 'yes' } });
  const port = (await first.call('apps.list', {}))[0]?.port;
  await first.close();

  const second = await openEngine({ dataDir, keepDir: true });
  try {
    const [app] = await second.call('apps.list', {});
    assert.equal(app?.port, port, 'app port is stable');
    assert.deepEqual(app?.formation, { web: 2, worker: 1 });
    await waitForDynos(second, 'app-node', allUp({ web: 2, worker: 1 }), 'formation restored');
    assert.equal((await httpGet(second.engine.routerPort, 'app-node.localhost', '/env/KEPT')).body, 'yes');
  } finally {
    await second.close();
  }

  writeFileSync(join(dataDir, 'state.json'), '{ not json');
  const warnings: string[] = [];
  const third = await openEngine({ dataDir, keepDir: true, onWarning: (w) => warnings.push(w), routerPort: 0 });
  try {
    assert.match(warnings.join('\n'), /corrupt.*last good copy/);
    assert.ok(readdirSync(dataDir).some((f) => f.startsWith('state.json.corrupt-')));
    assert.deepEqual((await third.call('apps.list', {})).map((a) => a.name), ['app-node']);
    assert.deepEqual((await third.call('apps.list', {}))[0]?.formation, { web: 2, worker: 1 }, 'the last good copy is the latest state');
    assert.deepEqual(await third.call('config.get', { app: 'app-node' }), { KEPT: 'yes' });
  } finally {
    await third.close();
  }
});

test('commands validate their arguments at the door', async (t) => {
  const e = await openEngine();
  t.after(() => e.close());
  const unknown = await e.client.invoke('apps.nuke', {});
  assert.deepEqual(unknown, { ok: false, error: { message: 'Unknown command: apps.nuke', code: 'invalid' } });
  const bad = await e.client.invoke('ps.scale', { app: 'x', formation: 'web=1' });
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.match(bad.error.message, /Invalid arguments for ps.scale: formation/);
  const missing = await e.client.invoke('ps.list', { app: 'ghost' });
  assert.deepEqual(missing, { ok: false, error: { message: "Couldn't find that app: ghost", code: 'not_found' } });
});
