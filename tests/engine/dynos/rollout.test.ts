// Guarded rolls: while web dynos serve, a release (or restart) whose replacement crashes or never
// binds $PORT stops the roll. The old dynos keep serving, the failed release is not retried on its
// own, and a later good release (or a restart) rolls normally.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynoDTO } from '../../../shared/types.js';
import { fixtureRelease, pidAlive, startSupervisor, tempDir, waitFor, type TestSupervisor } from './helpers/harness.js';

const t = startSupervisor({ bootTimeoutMs: 2000, restartPolicy: { baseDelayMs: 40, maxDelayMs: 200, jitter: 0 } });
const scratch = tempDir('dynodesk-rollout-');
after(async () => {
  await t.close();
  scratch.remove();
});

const web = (sup: TestSupervisor, app: string): DynoDTO[] => sup.sup.list(app).filter((d) => d.type === 'web');
const summary = (dynos: DynoDTO[]): string[] => dynos.map((d) => `${d.name}:${d.state}:v${d.release ?? '-'}`);

async function serving(app: string, version: number, qty: number): Promise<DynoDTO[]> {
  await t.sup.apply(app, fixtureRelease('dyno-fickle', version), { web: qty });
  await t.sup.settled(app, 20_000);
  assert.equal((await t.sup.rolloutDone(app)).status, 'succeeded');
  const dynos = web(t, app);
  assert.deepEqual(summary(dynos), Array.from({ length: qty }, (_, i) => `web.${i + 1}:up:v${version}`));
  return dynos;
}

test('a release whose replacement crashes while booting leaves the old dynos serving, tried once', async () => {
  const old = await serving('crashy', 1, 2);
  const crashesBefore = t.rec.crashed.length;
  await t.sup.apply('crashy', fixtureRelease('dyno-fickle', 2, { BOOT: 'crash' }), { web: 2 });
  const outcome = await t.sup.rolloutDone('crashy');
  assert.equal(outcome.status, 'failed');
  assert.match(outcome.status === 'failed' ? outcome.message : '', /^release v2 failed: web\.[12] crashed during boot \(exit 1\); still serving v1$/);
  await t.sup.settled('crashy', 20_000);
  assert.deepEqual(summary(web(t, 'crashy')), ['web.1:up:v1', 'web.2:up:v1']);
  assert.deepEqual(web(t, 'crashy').map((d) => d.pid), old.map((d) => d.pid), 'the old dynos were never stopped');
  const status = t.sup.releaseStatus('crashy');
  assert.deepEqual({ ...status, reason: null }, { version: 2, status: 'failed', reason: null, serving: 1 });
  assert.match(status?.reason ?? '', /^web\.[12] crashed during boot \(exit 1\)$/);
  assert.equal(t.rec.crashed.length - crashesBefore, 1, 'one canary replacement, none for the other slot');
  assert.ok(t.rec.rolloutsStopped.some((m) => m.startsWith('release v2 failed:')));

  // The crash policy does not retry the failed release, and re-applying it (a scale) keeps v1.
  await new Promise((r) => setTimeout(r, 500));
  await t.sup.apply('crashy', fixtureRelease('dyno-fickle', 2, { BOOT: 'crash' }), { web: 3 });
  await t.sup.settled('crashy', 20_000);
  assert.deepEqual(summary(web(t, 'crashy')), ['web.1:up:v1', 'web.2:up:v1', 'web.3:up:v1']);
  assert.equal(t.rec.crashed.length - crashesBefore, 1, 'nothing booted v2 again');
  assert.equal(t.sup.releaseStatus('crashy')?.status, 'failed');

  // An explicit restart retries it (and it fails the same way); a good release rolls normally.
  await t.sup.restart('crashy');
  const retried = await t.sup.rolloutDone('crashy');
  assert.equal(retried.status, 'failed');
  await t.sup.settled('crashy', 20_000);
  assert.equal(t.rec.crashed.length - crashesBefore, 2);
  assert.deepEqual(summary(web(t, 'crashy')), ['web.1:up:v1', 'web.2:up:v1', 'web.3:up:v1']);

  await t.sup.apply('crashy', fixtureRelease('dyno-fickle', 3), { web: 3 });
  assert.deepEqual(await t.sup.rolloutDone('crashy'), { status: 'succeeded' });
  await t.sup.settled('crashy', 20_000);
  assert.deepEqual(summary(web(t, 'crashy')), ['web.1:up:v3', 'web.2:up:v3', 'web.3:up:v3']);
  assert.deepEqual(t.sup.releaseStatus('crashy'), { version: 3, status: 'succeeded', reason: null, serving: 3 });
  for (const d of old) assert.equal(pidAlive(d.pid as number), false);
});

test('a replacement that never binds $PORT (R10) stops the roll the same way', async () => {
  const old = await serving('hung', 1, 2);
  await t.sup.apply('hung', fixtureRelease('dyno-fickle', 2, { BOOT: 'hang' }), { web: 2 });
  const outcome = await t.sup.rolloutDone('hung');
  assert.match(outcome.status === 'failed' ? outcome.message : outcome.status,
    /^release v2 failed: web\.[12] did not bind \$PORT within 2 seconds \(R10 boot timeout\); still serving v1$/);
  await t.sup.settled('hung', 20_000);
  assert.deepEqual(summary(web(t, 'hung')), ['web.1:up:v1', 'web.2:up:v1']);
  assert.deepEqual(web(t, 'hung').map((d) => d.pid), old.map((d) => d.pid));
});

test('a failure after the canary rolls the dynos that already moved back to the old release', async () => {
  const mark = join(scratch.dir, 'booted-once');
  await serving('half', 1, 3);
  await t.sup.apply('half', fixtureRelease('dyno-fickle', 2, { BOOT: 'once', BOOT_MARK: mark }), { web: 3 });
  const outcome = await t.sup.rolloutDone('half');
  assert.match(outcome.status === 'failed' ? outcome.message : outcome.status, /^release v2 failed: web\.\d crashed during boot \(exit 1\); still serving v1$/);
  await t.sup.settled('half', 20_000);
  assert.deepEqual(summary(web(t, 'half')), ['web.1:up:v1', 'web.2:up:v1', 'web.3:up:v1']);
});

test('a restart whose replacement fails keeps the old dynos; fixed, it restarts normally', async () => {
  const bootFile = join(scratch.dir, 'boot-mode');
  writeFileSync(bootFile, '');
  await t.sup.apply('restarty', fixtureRelease('dyno-fickle', 1, { BOOT_FILE: bootFile }), { web: 2 });
  await t.sup.settled('restarty', 20_000);
  const old = web(t, 'restarty');
  writeFileSync(bootFile, 'crash');
  assert.deepEqual(await t.sup.restart('restarty', 'web'), ['web.1', 'web.2']);
  const outcome = await t.sup.rolloutDone('restarty');
  assert.match(outcome.status === 'failed' ? outcome.message : outcome.status,
    /^restart stopped: web\.[12] crashed during boot \(exit 1\); the old web dynos keep serving v1$/);
  await t.sup.settled('restarty', 20_000);
  assert.deepEqual(web(t, 'restarty').map((d) => d.pid), old.map((d) => d.pid));
  assert.equal(t.sup.releaseStatus('restarty')?.status, 'succeeded', 'a restart does not fail the release');

  writeFileSync(bootFile, '');
  await t.sup.restart('restarty', 'web');
  assert.deepEqual(await t.sup.rolloutDone('restarty'), { status: 'succeeded' });
  await t.sup.settled('restarty', 20_000);
  const now = web(t, 'restarty');
  assert.deepEqual(summary(now), ['web.1:up:v1', 'web.2:up:v1']);
  for (const [i, d] of now.entries()) assert.notEqual(d.pid, old[i]?.pid);
});

test('other process types restart at once on the new release, and go back with the web dynos when the roll stops', async () => {
  const withWorker = (version: number, env: Record<string, string> = {}): ReturnType<typeof fixtureRelease> => {
    const release = fixtureRelease('dyno-fickle', version, env);
    return { ...release, commands: { ...release.commands, worker: 'node ../dyno-worker/worker.cjs' } };
  };
  await t.sup.apply('mixed', withWorker(1), { web: 1, worker: 1 });
  await t.sup.settled('mixed', 20_000);
  const before = t.sup.list('mixed');
  await t.sup.apply('mixed', withWorker(2, { BOOT: 'crash' }), { web: 1, worker: 1 });
  assert.equal((await t.sup.rolloutDone('mixed')).status, 'failed');
  await t.sup.settled('mixed', 20_000);
  const now = t.sup.list('mixed');
  assert.deepEqual(summary(now), ['web.1:up:v1', 'worker.1:up:v1']);
  assert.equal(now[0]?.pid, before[0]?.pid, 'web.1 never stopped');
  assert.notEqual(now[1]?.pid, before[1]?.pid, 'the worker was restarted (onto v2, then back onto v1)');
});

test('without a serving web dyno (a first release) crashes are plain crashes and nothing waits', async () => {
  await t.sup.apply('fresh', fixtureRelease('dyno-fickle', 1, { BOOT: 'crash' }), { web: 1 });
  assert.deepEqual(await t.sup.rolloutDone('fresh'), { status: 'succeeded' }, 'no guarded roll to wait for');
  assert.deepEqual(t.sup.releaseStatus('fresh'), { version: 1, status: 'pending', reason: null, serving: null });
  const crashes = (): number => t.rec.crashed.filter((c) => c.dyno === 'web.1').length;
  const before = crashes();
  // The crash policy restarts it as today.
  await waitFor('a crash and its restart crashing again', () => crashes() >= before + 2);
  assert.equal(t.sup.releaseStatus('fresh')?.status, 'pending');
  await t.sup.removeApp('fresh');
});
