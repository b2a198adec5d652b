import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProcInfo, ProcessTable } from '../../../electron/engine/metrics/process-table.js';
import { processIndex, processIndexBuilds } from '../../../electron/engine/metrics/process-index.js';

function table(...procs: Array<Partial<ProcInfo> & { pid: number }>): ProcessTable {
  return new Map(procs.map((p) => [p.pid, { ppid: 1, pgid: p.pid, sid: p.pid, startTime: 's', cpuMs: 0, rssBytes: 0, zombie: false, ...p }]));
}

test('children, sessions and groups of one snapshot', () => {
  const t = table({ pid: 10 }, { pid: 11, ppid: 10, pgid: 10, sid: 10 }, { pid: 12, ppid: 10, pgid: 12, sid: 10 }, { pid: 13, ppid: 11, pgid: 10, sid: 0 });
  const index = processIndex(t);
  assert.deepEqual(index.children.get(10), [11, 12]);
  assert.deepEqual(index.children.get(11), [13]);
  assert.deepEqual(index.children.get(1), [10]);
  assert.deepEqual(index.bySession.get(10), [10, 11, 12]);
  assert.equal(index.bySession.has(0), false, 'sid 0 means "unknown", not a session');
  assert.deepEqual(index.byGroup.get(10), [10, 11, 13]);
  assert.deepEqual(index.byGroup.get(12), [12]);
});

test('built once per snapshot: the same table gets the same index, a new table a new one', () => {
  const t = table({ pid: 20 }, { pid: 21, ppid: 20 });
  const before = processIndexBuilds();
  const first = processIndex(t);
  assert.equal(processIndex(t), first);
  assert.equal(processIndexBuilds() - before, 1);
  assert.notEqual(processIndex(table({ pid: 20 })), first);
  assert.equal(processIndexBuilds() - before, 2);
});
