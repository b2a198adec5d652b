import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { ProcessScanner } from '../../../electron/engine/metrics/process-scanner.js';
import {
  parseProcStat, parsePsOutput, readLinuxProcesses, readProcessTable, readStartTimeSync,
} from '../../../electron/engine/metrics/process-table.js';

test('parses /proc/<pid>/stat, including command names with spaces and parentheses', () => {
  const rest = 'S 10 42 42 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 1 0 987654 1000000 300';
  const info = parseProcStat(`4321 (my (odd) name) ${rest}`);
  assert.ok(info);
  assert.equal(info.pid, 4321);
  assert.equal(info.ppid, 10);
  assert.equal(info.pgid, 42);
  assert.equal(info.sid, 42);
  assert.equal(info.cpuMs, 3000);
  assert.equal(info.startTime, '987654');
  assert.ok(info.rssBytes >= 300 * 4096);
  assert.equal(info.zombie, false);
  assert.equal(parseProcStat(`5 (z) Z ${rest.slice(2)}`)?.zombie, true);
  assert.equal(parseProcStat('garbage'), null);
});

test('parses ps output (macOS fallback)', () => {
  const table = parsePsOutput([
    '  101     1   101  2048   0:01.50 Mon Jan  5 10:00:00 2026',
    '  202   101   101  1024 1:02:03.00 Mon Jan  5 10:00:01 2026',
    'junk',
  ].join('\n'));
  assert.equal(table.size, 2);
  assert.deepEqual(table.get(101), { pid: 101, ppid: 1, pgid: 101, sid: 0, startTime: 'Mon Jan 5 10:00:00 2026', cpuMs: 1500, rssBytes: 2048 * 1024, zombie: false });
  assert.equal(table.get(202)?.cpuMs, 3723 * 1000);
});

test('reads this process from the live table', { skip: process.platform === 'win32' && 'no process table' }, async () => {
  const table = await readProcessTable();
  const me = table.get(process.pid);
  assert.ok(me);
  assert.equal(me.ppid, process.ppid);
  assert.ok(me.rssBytes > 0);
  if (process.platform === 'linux') assert.equal(readStartTimeSync(process.pid), me.startTime);
});

test('a process that vanishes between the listing and its read is skipped', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = gone.pid as number;
  await new Promise((resolve) => gone.once('exit', resolve));
  // As if /proc had listed it a moment before it exited (and a pid that never existed).
  const table = await readLinuxProcesses([pid, process.pid, 2 ** 30]);
  assert.deepEqual([...table.keys()], [process.pid]);
  assert.equal(table.get(process.pid)?.startTime, readStartTimeSync(process.pid));
});

test('every listed process is read whatever the batch size', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number);
  for (const batch of [1, 3, 32, 1000]) {
    const table = await readLinuxProcesses(pids, batch);
    // Others may exit meanwhile; init, our parent and we ourselves may not.
    for (const pid of [1, process.ppid, process.pid]) assert.ok(table.has(pid), `batch ${batch}: pid ${pid}`);
    assert.ok([...table.keys()].every((pid) => pids.includes(pid)));
  }
  assert.equal((await readLinuxProcesses([])).size, 0);
});

test('the scanner reads afresh for maxAgeMs 0 (even within the same millisecond) and shares within a given age', async () => {
  let reads = 0;
  const scanner = new ProcessScanner(async () => {
    reads++;
    return new Map();
  });
  const a = await scanner.snapshot(0);
  const b = await scanner.snapshot(0);
  assert.notEqual(a, b);
  assert.equal(reads, 2);
  assert.equal(await scanner.snapshot(60_000), b, 'a recent snapshot is shared');
  assert.equal(reads, 2);
  const [c, d] = await Promise.all([scanner.snapshot(0), scanner.snapshot(0)]);
  assert.equal(c, d, 'concurrent callers share one read');
  assert.equal(reads, 3);
});
