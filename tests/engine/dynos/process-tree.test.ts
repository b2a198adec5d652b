import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProcInfo, ProcessTable } from '../../../electron/engine/metrics/process-table.js';
import { collectTree, ProcessTree } from '../../../electron/engine/dynos/process-tree.js';
import { orphansToKill } from '../../../electron/engine/dynos/orphan-sweep.js';

function table(...procs: Array<Partial<ProcInfo> & { pid: number }>): ProcessTable {
  return new Map(procs.map((p) => [p.pid, { ppid: 1, pgid: p.pid, sid: p.pid, startTime: `t${p.pid}`, cpuMs: 0, rssBytes: 0, zombie: false, ...p }]));
}

// 100: dyno root (session + group leader); 101 child; 102 grandchild; 200 escaped into its own
// session (child of 101); 201 its child; 300 an unrelated process; 400 reparented to init but still in the session.
const machine = table(
  { pid: 100 }, { pid: 101, ppid: 100, pgid: 100, sid: 100 }, { pid: 102, ppid: 101, pgid: 100, sid: 100 },
  { pid: 200, ppid: 101 }, { pid: 201, ppid: 200, pgid: 200, sid: 200 }, { pid: 300 }, { pid: 400, ppid: 1, pgid: 100, sid: 100 },
);

test('collectTree follows parents, the session and the group', () => {
  assert.deepEqual(collectTree(machine, 100, []).sort(), [100, 101, 102, 200, 201, 400]);
  assert.deepEqual(collectTree(machine, 300, []), [300]);
});

test('ProcessTree remembers escaped descendants after their parent dies', () => {
  const tree = new ProcessTree({ pid: 100, startTime: 't100' });
  assert.equal(tree.update(machine), true);
  assert.equal(tree.descendantCount(), 5);
  // The root and 101 die; 200 is reparented to init and is no longer reachable by parentage.
  const later = table({ pid: 200, ppid: 1 }, { pid: 201, ppid: 200, pgid: 200, sid: 200 }, { pid: 202, ppid: 200, pgid: 200, sid: 200 }, { pid: 300 });
  tree.update(later);
  assert.deepEqual(tree.members().map((m) => m.pid).sort(), [100, 200, 201, 202]);
  // A pid reused by a stranger (different start time) is dropped, not adopted.
  tree.update(table({ pid: 200, startTime: 'new' }, { pid: 300 }));
  assert.deepEqual(tree.members().map((m) => m.pid), [100]);
});

test('orphansToKill: pid and start time must match; sessions of dead roots are leftovers', () => {
  const recorded = [
    { pid: 100, startTime: 't100', app: 'a', dyno: 'web.1', root: true },
    { pid: 200, startTime: 't200', app: 'a', dyno: 'web.1', root: false },
    { pid: 300, startTime: 'stale', app: 'a', dyno: 'web.2', root: true },
  ];
  const victims = orphansToKill(recorded, machine).map((v) => v.pid).sort();
  assert.deepEqual(victims, [100, 101, 102, 200, 201, 400]);
  // Root gone: its session still names leftovers.
  const rootGone = table({ pid: 400, ppid: 1, pgid: 100, sid: 100 }, { pid: 300 });
  assert.deepEqual(orphansToKill(recorded, rootGone).map((v) => v.pid), [400]);
  // Root pid reused by a stranger that leads its own session: nothing of it is touched.
  const reused = table({ pid: 100, startTime: 'someone-else' }, { pid: 101, ppid: 100, pgid: 100, sid: 100 });
  assert.deepEqual(orphansToKill(recorded, reused), []);
});
