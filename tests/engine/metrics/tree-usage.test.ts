import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProcInfo, ProcessTable } from '../../../electron/engine/metrics/process-table.js';
import { treeUsage } from '../../../electron/engine/metrics/tree-usage.js';

function table(...procs: Array<Partial<ProcInfo> & { pid: number }>): ProcessTable {
  return new Map(procs.map((p) => [p.pid, { ppid: 1, pgid: p.pid, sid: p.pid, startTime: 's', cpuMs: 0, rssBytes: 0, zombie: false, ...p }]));
}

test('sums memory; CPU% from per-process deltas, null on the first sample', () => {
  const first = treeUsage(table({ pid: 1, cpuMs: 1000, rssBytes: 10 }, { pid: 2, cpuMs: 500, rssBytes: 5 }), [1, 2, 3], null, 0);
  assert.equal(first.cpuPercent, null);
  assert.equal(first.memoryBytes, 15);
  // pid 1 used 300 ms, pid 2 exited, pid 4 is new (counts from its next sample), over 3 s → 10 %.
  const second = treeUsage(table({ pid: 1, cpuMs: 1300, rssBytes: 12 }, { pid: 4, cpuMs: 900, rssBytes: 1 }), [1, 2, 4], first.marks, 3000);
  assert.equal(second.cpuPercent, 10);
  assert.equal(second.memoryBytes, 13);
  // A reused pid (different start time) does not produce a bogus delta.
  const third = treeUsage(table({ pid: 1, cpuMs: 5, startTime: 'other' }), [1], second.marks, 3000);
  assert.equal(third.cpuPercent, 0);
});

test('zombies count for nothing', () => {
  const u = treeUsage(table({ pid: 1, rssBytes: 100, zombie: true }), [1], null, 0);
  assert.equal(u.memoryBytes, 0);
});
