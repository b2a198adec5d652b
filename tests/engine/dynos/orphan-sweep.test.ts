// A new engine kills what a crashed one left running — and nothing else.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Supervisor } from '../../../electron/engine/dynos/supervisor.js';
import { readStartTimeSync } from '../../../electron/engine/metrics/process-table.js';
import { pidAlive, recordingHooks, tempDir, waitFor } from './helpers/harness.js';

const linuxOnly = { skip: process.platform !== 'linux' && 'start times from /proc' };
const tmp = tempDir();
after(() => tmp.remove());

function newSupervisor(dataDir: string): Supervisor {
  return new Supervisor({ dataDir, bootTimeoutMs: 20_000, graceMs: 1000, hooks: recordingHooks().hooks });
}

test('sweepOrphans kills the dynos and descendants of an engine that was SIGKILLed', linuxOnly, async () => {
  const dataDir = join(tmp.dir, 'data1');
  const pidsFile = join(tmp.dir, 'pids1');
  const engine = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'helpers/orphan-engine.ts'), dataDir, pidsFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  engine.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise((r) => engine.once('exit', r));
  await waitFor('the first engine to be ready', () => out.includes('READY'), 60_000);
  engine.kill('SIGKILL');
  await exited;

  const roles = new Map(readFileSync(pidsFile, 'utf8').trim().split('\n').map((l) => [l.split(' ')[0] ?? '', Number(l.split(' ')[1])]));
  const pids = [...roles.values()];
  assert.equal(pids.length, 4);
  // The pty's hangup may or may not take the dyno's own session down; the setsid'd child and its
  // child are out of its reach and certainly survive their engine.
  const survivors = [roles.get('session') as number, roles.get('grandchild') as number];
  for (const pid of survivors) assert.ok(pidAlive(pid), `${pid} outlived its engine`);

  const sup = newSupervisor(dataDir);
  try {
    const killed = await sup.sweepOrphans();
    assert.ok(killed >= survivors.length, `killed ${killed}, expected at least ${survivors.length}`);
    for (const pid of pids) assert.equal(pidAlive(pid), false, `${pid} swept`);
    // The record now describes this engine (no dynos yet), so a second sweep finds nothing.
    assert.deepEqual((JSON.parse(readFileSync(join(dataDir, 'dynos.json'), 'utf8')) as { processes: unknown[] }).processes, []);
    assert.equal(await newSupervisor(dataDir).sweepOrphans(), 0);
  } finally {
    await sup.shutdown();
  }
});

test('sweepOrphans never kills a process whose start time does not match the record', linuxOnly, async () => {
  const dataDir = join(tmp.dir, 'data2');
  const stranger = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    const pid = stranger.pid as number;
    const start = await waitFor('the stranger to start', () => readStartTimeSync(pid));
    const sup0 = newSupervisor(dataDir); // creates the folder
    await sup0.shutdown();
    writeFileSync(join(dataDir, 'dynos.json'), JSON.stringify({
      version: 1, enginePid: 1, updatedAt: new Date().toISOString(),
      processes: [
        { pid, startTime: String(Number(start) - 1), app: 'x', dyno: 'web.1', root: true },
        { pid, startTime: `${start}0`, app: 'x', dyno: 'web.2', root: false },
      ],
    }));
    const sup = newSupervisor(dataDir);
    assert.equal(await sup.sweepOrphans(), 0);
    assert.ok(pidAlive(pid), 'the unrelated process is untouched');
    await sup.shutdown();
  } finally {
    stranger.kill('SIGKILL');
  }
});

test('a missing or corrupt record sweeps nothing', async () => {
  const dataDir = join(tmp.dir, 'data3');
  const sup0 = newSupervisor(dataDir);
  assert.equal(await sup0.sweepOrphans(), 0);
  await sup0.shutdown();
  writeFileSync(join(dataDir, 'dynos.json'), '{"version":1,"processes":[{"pid":');
  const sup = newSupervisor(dataDir);
  assert.equal(await sup.sweepOrphans(), 0);
  await sup.shutdown();
});
