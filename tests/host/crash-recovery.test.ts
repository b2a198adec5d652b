// An engine that dies hard (SIGKILL) leaves its dynos running where they are not contained (no
// reaper); the next engine on the same data directory must stop exactly those (pid and start time
// recorded) and bring the formation back. Contained, they die with their engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NO_REAPER_ENV } from '../../electron/engine/dynos/containment.js';
import { alive, fixture } from '../helpers/engine.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

const BIN = fileURLToPath(new URL('../../bin/dynodesk.mjs', import.meta.url));

/** The tests of the sweep run uncontained: the reaper would leave it nothing to sweep. */
const UNCONTAINED = { [NO_REAPER_ENV]: '1' };

function serve(home: string, env: Record<string, string> = UNCONTAINED): { child: ChildProcess; ready: Promise<void>; output: () => string } {
  const child = spawn(process.execPath, [BIN, 'serve', '--router-port', '0', '--no-dashboard', '--grace', '2'], { env: { ...process.env, ...env, DYNODESK_HOME: home } });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr?.on('data', (c: Buffer) => { out += c.toString(); });
  return { child, output: () => out, ready: waitFor('serve to start', () => out.includes('Router:'), 30_000).then(() => undefined) };
}

function cli(home: string, args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, DYNODESK_HOME: home }, encoding: 'utf8' });
  assert.equal(r.status, 0, `dynodesk ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

interface Dyno { name: string; state: string; pid: number }
const upDynos = (home: string, app: string, n: number) => waitFor(`${n} dynos up`, () => {
  const list = JSON.parse(cli(home, ['ps', '-a', app, '--json'])) as Dyno[];
  return list.length === n && list.every((d) => d.state === 'up') ? list : null;
});

/** The fixture's processes in the order they wrote PIDS_FILE: "<role> <pid>" per line. */
function recorded(file: string): Array<{ role: string; pid: number }> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean)
    .map((l) => ({ role: l.split(' ')[0] ?? '', pid: Number(l.split(' ')[1]) }));
}

/** One dyno generation of the stubborn fixture by role; null until all four have started. */
function generation(file: string, index: number): Map<string, number> | null {
  const lines = recorded(file).slice(index * 4, index * 4 + 4);
  return lines.length === 4 ? new Map(lines.map((l) => [l.role, l.pid])) : null;
}

const ROLES = ['child', 'grandchild', 'main', 'session'];

test('a SIGKILLed engine\'s leftovers are swept by the next engine, which restores the formation', async (t) => {
  const home = tempDir('ddk');
  t.after(() => home.remove());
  // The stubborn fixture's `main` starts a `child` in its own group, and a `session` child that
  // calls setsid and starts a `grandchild`: those two are out of reach of the pty hang-up that
  // takes the rest of a dead engine's dynos down. It writes every pid it starts to PIDS_FILE.
  const app = join(home.path, 'stubborn');
  cpSync(fixture('dyno-stubborn'), app, { recursive: true });
  const pidsFile = join(home.path, 'pids.txt');
  writeFileSync(join(app, '.env'), `PIDS_FILE=${pidsFile}\n`);

  const first = serve(home.path);
  t.after(() => { if (first.child.exitCode === null) first.child.kill('SIGKILL'); });
  await first.ready;
  cli(home.path, ['deploy', app]);
  const [web] = await upDynos(home.path, 'stubborn', 1);
  const old = await waitFor('the fixture to record its four processes', () => generation(pidsFile, 0));
  assert.deepEqual([...old.keys()].sort(), ROLES);
  assert.equal(old.get('main'), web?.pid, 'the dyno is the fixture\'s main process');
  const oldPid = (role: string): number => old.get(role) as number;

  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.on('exit', resolve));
  // Nothing signals the setsid'd pair when their engine dies: they are the certain leftovers.
  // main and child are in the pty's session, which the hang-up may or may not have ended by now.
  for (const role of ['session', 'grandchild']) assert.ok(alive(oldPid(role)), `${role} (${oldPid(role)}) outlived the dead engine`);
  const leftovers = ROLES.filter((role) => alive(oldPid(role)));
  t.diagnostic(`alive after the engine died: ${leftovers.join(', ')}`);

  // A process that merely runs alongside, unrecorded: the sweep must leave it alone.
  const bystander = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  t.after(async () => {
    if (bystander.exitCode !== null || bystander.signalCode !== null) return;
    const gone = new Promise((resolve) => bystander.once('exit', resolve));
    bystander.kill('SIGKILL');
    await gone;
  });

  const second = serve(home.path);
  t.after(async () => {
    if (second.child.exitCode !== null) return;
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.on('exit', resolve));
  });
  await second.ready;
  const stopped = Number(/Stopped (\d+) process\(es\) left running by a previous engine/.exec(second.output())?.[1]);
  // The sweep kills every leftover still alive when it runs: at least the setsid'd pair, at most
  // what was alive when we looked (processes only ever leave that set).
  assert.ok(stopped >= 2 && stopped <= leftovers.length, `stopped ${stopped}; leftovers seen: ${leftovers.join(', ')}`);
  for (const role of ROLES) assert.equal(alive(oldPid(role)), false, `the old ${role} (${oldPid(role)}) was swept`);
  assert.ok(alive(bystander.pid as number), 'the unrelated process was left alone');

  // The formation is back with a fresh generation: all four of its processes run, none reused.
  const [again] = await upDynos(home.path, 'stubborn', 1);
  const fresh = await waitFor('the new generation to record its four processes', () => generation(pidsFile, 1));
  assert.deepEqual([...fresh.keys()].sort(), ROLES);
  assert.equal(fresh.get('main'), again?.pid);
  for (const [role, pid] of fresh) {
    assert.ok(alive(pid), `the new ${role} (${pid}) runs`);
    assert.ok(![...old.values()].includes(pid), `the new ${role} is not a leftover`);
  }
});

test('contained, a SIGKILLed engine\'s dynos die with it, setsid\'d ones included, and the next engine restores the formation', { skip: process.platform !== 'linux' && 'the reaper is Linux only' }, async (t) => {
  const home = tempDir('ddk');
  t.after(() => home.remove());
  const app = join(home.path, 'stubborn');
  cpSync(fixture('dyno-stubborn'), app, { recursive: true });
  const pidsFile = join(home.path, 'pids.txt');
  writeFileSync(join(app, '.env'), `PIDS_FILE=${pidsFile}\n`);
  t.after(() => { for (const { pid } of recorded(pidsFile)) if (alive(pid)) process.kill(pid, 'SIGKILL'); });

  const first = serve(home.path, {});
  t.after(() => { if (first.child.exitCode === null) first.child.kill('SIGKILL'); });
  await first.ready;
  cli(home.path, ['deploy', app]);
  const [web] = await upDynos(home.path, 'stubborn', 1);
  const old = await waitFor('the fixture to record its four processes', () => generation(pidsFile, 0));
  assert.equal(old.get('main'), web?.pid, 'ps shows the fixture\'s main process, not the reaper');

  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.on('exit', resolve));
  // The pty hangs up on the reaper, which kills everything it holds: no sweep needed.
  await waitFor('every process of the dyno to die with its engine', () => ROLES.every((role) => !alive(old.get(role) as number)), 10_000);

  const second = serve(home.path, {});
  t.after(async () => {
    if (second.child.exitCode !== null) return;
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.on('exit', resolve));
  });
  await second.ready;
  const [again] = await upDynos(home.path, 'stubborn', 1);
  const fresh = await waitFor('the new generation to record its four processes', () => generation(pidsFile, 1));
  assert.equal(fresh.get('main'), again?.pid);
  for (const [role, pid] of fresh) assert.ok(alive(pid), `the new ${role} (${pid}) runs`);
});
