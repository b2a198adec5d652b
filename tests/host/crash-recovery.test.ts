// An engine that dies hard (SIGKILL) leaves its dynos running; the next engine on the same data
// directory must stop exactly those (pid and start time recorded) and bring the formation back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alive, fixture } from '../helpers/engine.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

const BIN = fileURLToPath(new URL('../../bin/dynodesk.mjs', import.meta.url));

function serve(home: string): { child: ChildProcess; ready: Promise<void>; output: () => string } {
  const child = spawn(process.execPath, [BIN, 'serve', '--router-port', '0', '--no-dashboard', '--grace', '2'], { env: { ...process.env, DYNODESK_HOME: home } });
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

test('a SIGKILLed engine\'s leftovers are swept by the next engine, which restores the formation', async (t) => {
  const home = tempDir('ddk');
  t.after(() => home.remove());
  // The stubborn fixture leaves a child in a session of its own: it survives the pty hang-up that
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
  const pids = await waitFor('the fixture to record its four processes', () => {
    const lines = existsSync(pidsFile) ? readFileSync(pidsFile, 'utf8').trim().split('\n') : [];
    return lines.length >= 4 ? lines.map((l) => Number(l.split(' ')[1])) : null;
  });
  assert.ok(pids.includes(web?.pid ?? -1));

  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.on('exit', resolve));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const orphans = pids.filter(alive);
  assert.ok(orphans.length > 0, 'something outlived the dead engine');

  const second = serve(home.path);
  t.after(async () => {
    if (second.child.exitCode !== null) return;
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.on('exit', resolve));
  });
  await second.ready;
  assert.match(second.output(), /Stopped \d+ process\(es\) left running by a previous engine/);
  for (const pid of pids) assert.equal(alive(pid), false, `pid ${pid} was swept`);
  const [again] = await upDynos(home.path, 'stubborn', 1);
  assert.ok(again && !pids.includes(again.pid), 'the formation is back with a fresh dyno');
});
