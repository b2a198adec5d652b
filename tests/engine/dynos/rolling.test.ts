// New releases and restarts: web dynos roll (replacement up first, old drained after), others
// stop then start; ps:stop gets a fresh replacement.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureRelease, httpGet, lines, pidAlive, startSupervisor, waitFor } from './helpers/harness.js';

// Every visible change is reported through dynosChanged, so watching it sees every state.
const seen: string[] = [];
let alwaysUp = true;
let watching = false;
const t = startSupervisor({
  onDynosChanged: (app) => {
    if (!watching || app !== 'roll') return;
    const dynos = t.sup.list('roll');
    if (!dynos.some((d) => d.type === 'web' && d.state === 'up')) alwaysUp = false;
    seen.push(dynos.map((d) => `${d.name}:${d.state}`).join(','));
  },
});
after(() => t.close());

test('a new release replaces web dynos rolling: there is always an up web dyno', async () => {
  await t.sup.apply('roll', fixtureRelease('dyno-web', 1), { web: 1 });
  await t.sup.settled('roll', 20_000);
  const old = t.sup.list('roll')[0];
  assert.ok(old?.port && old.pid);
  watching = true;
  await t.sup.apply('roll', fixtureRelease('dyno-web', 2, { RELEASE: 'v2' }), { web: 1 });
  await t.sup.settled('roll', 20_000);
  watching = false;
  const now = t.sup.list('roll');
  assert.equal(now.length, 1);
  assert.equal(now[0]?.name, 'web.1');
  assert.equal(now[0]?.state, 'up');
  assert.notEqual(now[0]?.port, old.port, 'a new generation gets a fresh port');
  assert.equal(now[0]?.restarts, 1);
  assert.equal(pidAlive(old.pid), false);
  const env = JSON.parse(await httpGet(now[0]?.port as number, '/env')) as Record<string, string>;
  assert.equal(env.RELEASE, 'v2');
  assert.equal(env.DYNO, 'web.1');
  assert.ok(alwaysUp, `no moment without an up web dyno: ${[...new Set(seen)].join(' | ')}`);
  assert.ok(seen.some((s) => s.includes('web.1:up,web.1+:starting')), 'the replacement is listed while it boots');
  assert.ok(seen.some((s) => s.includes('web.1:stopping,web.1+:up')), 'the old one drains while the new one serves');
  assert.deepEqual(t.rec.beforeStop, ['web.1']);
});

test('ps:restart of web is rolling; of a worker is stop-then-start; returns the names', async () => {
  await t.sup.apply('mixed', { ...fixtureRelease('dyno-web'), commands: { web: 'node server.cjs', worker: 'node ../dyno-worker/worker.cjs' } }, { web: 2, worker: 1 });
  await t.sup.settled('mixed', 20_000);
  const before = new Map(t.sup.list('mixed').map((d) => [d.name, d]));
  assert.deepEqual(await t.sup.restart('mixed', 'web.2'), ['web.2']);
  await t.sup.settled('mixed', 20_000);
  assert.equal(t.sup.list('mixed').find((d) => d.name === 'web.1')?.pid, before.get('web.1')?.pid, 'web.1 untouched');
  assert.notEqual(t.sup.list('mixed').find((d) => d.name === 'web.2')?.pid, before.get('web.2')?.pid);
  assert.deepEqual(await t.sup.restart('mixed', 'worker'), ['worker.1']);
  await t.sup.settled('mixed', 20_000);
  const worker = lines(t.rec, 'worker.1');
  const stopAt = worker.lastIndexOf('Stopping all processes with SIGTERM');
  const startAt = worker.lastIndexOf('Starting process with command `node ../dyno-worker/worker.cjs`');
  assert.ok(stopAt >= 0 && startAt > stopAt, 'worker stops before its replacement starts');
  assert.deepEqual((await t.sup.restart('mixed')).sort(), ['web.1', 'web.2', 'worker.1']);
  await t.sup.settled('mixed', 20_000);
  const after_ = t.sup.list('mixed');
  assert.deepEqual(after_.map((d) => `${d.name}:${d.state}`), ['web.1:up', 'web.2:up', 'worker.1:up']);
  for (const [name, d] of before) assert.equal(pidAlive(d.pid as number), false, `${name} old generation gone`);
});

test('ps:stop stops the dyno and the formation starts a fresh one', async () => {
  await t.sup.apply('stopper', fixtureRelease('dyno-web'), { web: 1 });
  await t.sup.settled('stopper', 20_000);
  const old = t.sup.list('stopper')[0];
  await t.sup.stopDyno('stopper', 'web.1');
  await waitFor('a fresh web.1', () => {
    const d = t.sup.list('stopper')[0];
    return d && d.state === 'up' && d.pid !== old?.pid;
  });
  assert.equal(pidAlive(old?.pid as number), false);
  await t.sup.settled('stopper', 20_000);
});
