// Start, scale, env and states with real dynos from the fixtures.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../../electron/engine/errors.js';
import { fixtureRelease, httpGet, lines, pidAlive, startSupervisor, waitFor } from './helpers/harness.js';

const t = startSupervisor();
after(() => t.close());

test('web dynos come up on their own ports with Heroku env, engine variables stripped', async () => {
  const release = fixtureRelease('dyno-web', 1, {
    ELECTRON_RUN_AS_NODE: '1', NODE_OPTIONS: '--inspect', DYNODESK_TOKEN: 'secret', DYNODESK_CONTROL_SOCKET: '/x', KEEP_ME: 'yes',
  });
  await t.sup.apply('envapp', release, { web: 2 });
  await t.sup.settled('envapp', 20_000);
  const dynos = t.sup.list('envapp');
  assert.deepEqual(dynos.map((d) => [d.name, d.type, d.state, d.oneOff]), [['web.1', 'web', 'up', false], ['web.2', 'web', 'up', false]]);
  const ports = dynos.map((d) => d.port);
  assert.notEqual(ports[0], ports[1]);
  for (const d of dynos) {
    assert.ok(d.pid && pidAlive(d.pid));
    assert.equal(d.command, 'node server.cjs');
    assert.equal(d.restarts, 0);
    assert.ok(d.startedAt);
    const env = JSON.parse(await httpGet(d.port as number, '/env')) as Record<string, string>;
    assert.equal(env.PORT, String(d.port));
    assert.equal(env.DYNO, d.name);
    assert.equal(env.PS, d.name);
    assert.equal(env.KEEP_ME, 'yes');
    for (const k of ['ELECTRON_RUN_AS_NODE', 'NODE_OPTIONS', 'DYNODESK_TOKEN', 'DYNODESK_CONTROL_SOCKET']) assert.equal(env[k], undefined, k);
  }
  assert.deepEqual(lines(t.rec, 'web.1').slice(0, 2), ['Starting process with command `node server.cjs`', 'State changed from starting to up']);
  assert.ok(t.rec.routingChanges >= 2);
});

test('scale up and down: highest indexes go first, web dynos drained before SIGTERM', async () => {
  const release = fixtureRelease('dyno-web');
  await t.sup.apply('scaleapp', release, { web: 1 });
  await t.sup.settled('scaleapp', 20_000);
  const first = t.sup.list('scaleapp')[0];
  await t.sup.apply('scaleapp', release, { web: 3 });
  await t.sup.settled('scaleapp', 20_000);
  const three = t.sup.list('scaleapp');
  assert.deepEqual(three.map((d) => `${d.name}:${d.state}`), ['web.1:up', 'web.2:up', 'web.3:up']);
  assert.equal(three[0]?.pid, first?.pid, 'scaling up leaves web.1 alone');
  await t.sup.apply('scaleapp', release, { web: 1 });
  await t.sup.settled('scaleapp', 20_000);
  assert.deepEqual(t.sup.list('scaleapp').map((d) => d.name), ['web.1']);
  for (const d of three.slice(1)) assert.equal(pidAlive(d.pid as number), false, `${d.name} is gone`);
  assert.deepEqual(t.rec.beforeStop.filter((n) => n !== 'web.1').sort(), ['web.2', 'web.3']);
  const web3 = lines(t.rec, 'web.3');
  assert.ok(web3.includes('State changed from up to stopping'));
  assert.ok(web3.includes('Stopping all processes with SIGTERM'));
  assert.ok(web3.includes('Process exited with status 0'));
  assert.ok(web3.includes('State changed from stopping to down'));
  await t.sup.apply('scaleapp', release, { web: 0 });
  await t.sup.settled('scaleapp', 20_000);
  assert.deepEqual(t.sup.list('scaleapp'), []);
});

test('worker dynos are up once spawned and stop on SIGTERM', async () => {
  const release = fixtureRelease('dyno-worker');
  await t.sup.apply('workapp', release, { worker: 2 });
  await t.sup.settled('workapp', 20_000);
  assert.deepEqual(t.sup.list('workapp').map((d) => `${d.name}:${d.state}:${d.port !== null}`), ['worker.1:up:true', 'worker.2:up:true']);
  await waitFor('a worker tick', () => t.rec.outputText.get('worker.1')?.includes('worker.1 tick 1'));
  const pids = t.sup.list('workapp').map((d) => d.pid as number);
  await t.sup.removeApp('workapp');
  assert.deepEqual(t.sup.list('workapp'), []);
  for (const pid of pids) assert.equal(pidAlive(pid), false);
  assert.equal(t.rec.beforeStop.some((n) => n.startsWith('worker')), false, 'only web dynos are drained');
});

test('bad input: unknown types, quantities, targets', async () => {
  const release = fixtureRelease('dyno-web');
  await assert.rejects(t.sup.apply('badapp', release, { nope: 1 }), (e: unknown) => e instanceof UserError && /No such process type nope/.test(e.message));
  await assert.rejects(t.sup.apply('badapp', release, { web: 1.5 }), UserError);
  await assert.rejects(t.sup.apply('badapp', release, { web: -1 }), UserError);
  await assert.rejects(t.sup.apply('badapp', release, { web: 101 }), UserError);
  await assert.rejects(t.sup.restart('nosuchapp'), UserError);
  await t.sup.apply('badapp', release, { web: 0 });
  await assert.rejects(t.sup.restart('badapp', 'worker'), (e: unknown) => e instanceof UserError && e.code === 'not_found');
  await assert.rejects(t.sup.restart('badapp', 'web.7'), UserError);
  await assert.rejects(t.sup.stopDyno('badapp', 'web.1'), UserError);
  assert.throws(() => t.sup.openTerminal('badapp', 'web.9', { data: () => undefined, exit: () => undefined }), UserError);
  assert.deepEqual(await t.sup.restart('badapp', 'web'), []);
});

test('scaling down then straight back up reuses the slot once its old process is gone', async () => {
  const release = fixtureRelease('dyno-web');
  await t.sup.apply('bounce', release, { web: 2 });
  await t.sup.settled('bounce', 20_000);
  const old = t.sup.list('bounce')[1];
  await t.sup.apply('bounce', release, { web: 1 });
  await t.sup.apply('bounce', release, { web: 2 });
  await t.sup.settled('bounce', 20_000);
  const now = t.sup.list('bounce');
  assert.deepEqual(now.map((d) => `${d.name}:${d.state}`), ['web.1:up', 'web.2:up']);
  assert.notEqual(now[1]?.pid, old?.pid);
  assert.equal(pidAlive(old?.pid as number), false);
  await t.sup.removeApp('bounce');
});

test('shutdown stops every dyno of every app, reports progress, then refuses new work', async () => {
  const s = startSupervisor();
  await s.sup.apply('one', fixtureRelease('dyno-web'), { web: 2 });
  await s.sup.apply('two', fixtureRelease('dyno-worker'), { worker: 1 });
  await s.sup.settled('one', 20_000);
  await s.sup.settled('two', 20_000);
  const pids = [...s.sup.list('one'), ...s.sup.list('two')].map((d) => d.pid as number);
  const progress: string[] = [];
  await s.sup.shutdown((line) => progress.push(line));
  assert.deepEqual(progress.sort(), ['Stopping web.1 (one)', 'Stopping web.2 (one)', 'Stopping worker.1 (two)']);
  for (const pid of pids) assert.equal(pidAlive(pid), false);
  assert.deepEqual(s.sup.list('one'), []);
  await assert.rejects(s.sup.apply('one', fixtureRelease('dyno-web'), { web: 1 }), UserError);
  await s.close();
});
