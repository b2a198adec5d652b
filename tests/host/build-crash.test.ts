// An engine SIGKILLed during `npm run heroku-postbuild` must not leave the build running under init
// (issue 16). Build processes are in the orphan record like dynos, so the next engine on the same
// data directory sweeps them; contained (Linux, the reaper), they die with their engine already,
// daemons included.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NO_REAPER_ENV } from '../../electron/engine/dynos/containment.js';
import { cli, startServe, type Serve } from '../helpers/cli.js';
import { alive, fixture } from '../helpers/engine.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

const linuxOnly = { skip: process.platform !== 'linux' && 'reads /proc' };
/** What build-forever starts and keeps running; `daemon` exits at once, leaving `escaped` orphaned. */
const RUNNING = ['build', 'helper', 'session', 'escaped'];

function pidsOf(file: string): Map<string, number> {
  const out = new Map<string, number>();
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [role, pid] = line.split(' ');
    if (role && pid) out.set(role, Number(pid));
  }
  return out;
}

function recordsBuild(home: string): boolean {
  try {
    const record = JSON.parse(readFileSync(join(home, 'dynos.json'), 'utf8')) as { processes: Array<{ dyno: string; root: boolean }> };
    return record.processes.some((p) => p.dyno === 'build' && p.root);
  } catch {
    return false;
  }
}

async function stopServe(s: Serve): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  await s.stop();
}

/**
 * Start an engine, deploy build-forever, SIGKILL the engine mid-build; the build's pids by role.
 * With `recorded`, only once dynos.json lists the build (the sweep can only find what was written).
 */
async function crashMidBuild(t: TestContext, home: string, env: Record<string, string>, recorded: boolean): Promise<Map<string, number>> {
  const app = join(home, 'app');
  cpSync(fixture('build-forever'), app, { recursive: true });
  const pidsFile = join(home, 'build-pids.txt');
  const serveEnv = { ...env, PIDS_FILE: pidsFile };
  let seen = new Map<string, number>();
  // Whatever survives the test is killed by the pids read here (the file goes with the temp dir).
  t.after(() => { for (const pid of seen.values()) if (alive(pid)) process.kill(pid, 'SIGKILL'); });

  const first = startServe(home, ['--no-dashboard'], serveEnv);
  t.after(() => { if (first.child.exitCode === null) first.child.kill('SIGKILL'); });
  await first.routerPort;
  const deploy = cli(home, ['deploy', app]);
  const pids = await waitFor('the build to start all its processes', () => {
    seen = pidsOf(pidsFile);
    return ['daemon', ...RUNNING].every((r) => seen.has(r)) ? seen : null;
  });
  if (recorded) await waitFor('dynos.json to record the build', () => recordsBuild(home));

  const gone = new Promise((resolve) => first.child.once('exit', resolve));
  first.child.kill('SIGKILL');
  await gone;
  const result = await deploy;
  assert.notEqual(result.code, 0, 'the deploy cannot have succeeded');
  return pids;
}

test('an engine killed mid-build: the next engine sweeps the build (fallback: no reaper)', linuxOnly, async (t) => {
  const home = tempDir('ddb');
  t.after(() => home.remove());
  const env = { [NO_REAPER_ENV]: '1' };
  const pids = await crashMidBuild(t, home.path, env, true);
  // Uncontained, nothing signals a build (no pty to hang up): it runs on without its engine.
  const found = ['build', 'helper', 'session'];
  for (const role of found) assert.ok(alive(pids.get(role) as number), `${role} outlived its engine`);

  const second = startServe(home.path, ['--no-dashboard'], env);
  t.after(() => stopServe(second));
  await second.routerPort;
  assert.match(second.output(), /Stopped \d+ process\(es\) left running by a previous engine/);
  for (const role of found) assert.equal(alive(pids.get(role) as number), false, `the build's ${role} was swept`);
  // A daemon orphaned before any snapshot saw it is beyond tracking; only the reaper catches it.
  if (alive(pids.get('escaped') as number)) t.diagnostic('uncontained, the double-forked daemon escaped (expected without the reaper)');
});

test('an engine killed mid-build: contained, the build dies with it, daemons included', linuxOnly, async (t) => {
  const home = tempDir('ddb');
  t.after(() => home.remove());
  const pids = await crashMidBuild(t, home.path, {}, false);
  // The reaper's parent died (PR_SET_PDEATHSIG): it kills everything it holds and exits.
  const killedAt = Date.now();
  await waitFor('the build to die with its engine', () => RUNNING.every((role) => !alive(pids.get(role) as number)), 10_000);
  t.diagnostic(`the build was gone ${Date.now() - killedAt} ms after its engine`);

  const second = startServe(home.path, ['--no-dashboard']);
  t.after(() => stopServe(second));
  await second.routerPort;
  for (const role of RUNNING) assert.equal(alive(pids.get(role) as number), false, `the build's ${role} is gone`);
});
