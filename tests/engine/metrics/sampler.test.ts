// The metrics sampler against real process trees and the real /proc scanner: one snapshot (and
// one parent→children index) per sample for every tree, a tick never doubles a running scan,
// and stop() leaves nothing running.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { ProcessTree } from '../../../electron/engine/dynos/process-tree.js';
import { processIndexBuilds } from '../../../electron/engine/metrics/process-index.js';
import { ProcessScanner } from '../../../electron/engine/metrics/process-scanner.js';
import { readProcessTable, type ProcessTable } from '../../../electron/engine/metrics/process-table.js';
import { MetricsSampler, type Sample, type SampleTarget } from '../../../electron/engine/metrics/sampler.js';
import { alive } from '../../helpers/engine.js';
import { waitFor } from '../../helpers/wait.js';

const linuxOnly = { skip: process.platform !== 'linux' && 'reads /proc' };

// A parent holding 32 MB, a child that keeps one core busy (bounded: 2 minutes) and an idle child
// with a grandchild of its own. The parent prints its children's pids.
const IDLE = 'setTimeout(() => {}, 120000)';
const BUSY = 'const b = Buffer.alloc(16 * 1024 * 1024, 1); const end = Date.now() + 120000; while (Date.now() < end) { b[0]++; }';
const MIDDLE = `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(IDLE)}], { stdio: 'ignore' }); ${IDLE}`;
const PARENT = [
  "const { spawn } = require('node:child_process');",
  'globalThis.hold = Buffer.alloc(32 * 1024 * 1024, 1);',
  `const busy = spawn(process.execPath, ['-e', ${JSON.stringify(BUSY)}], { stdio: 'ignore' });`,
  `const idle = spawn(process.execPath, ['-e', ${JSON.stringify(MIDDLE)}], { stdio: 'ignore' });`,
  'console.log(JSON.stringify({ busy: busy.pid, idle: idle.pid }));',
  IDLE,
].join('\n');

interface Family { parent: number; busy: number; idle: number; grandchild: number }
let parentProc: ChildProcess | null = null;
let family: Family | null = null;

before(async () => {
  if (process.platform !== 'linux') return;
  const child = spawn(process.execPath, ['-e', PARENT], { stdio: ['ignore', 'pipe', 'inherit'] });
  parentProc = child;
  let out = '';
  child.stdout?.on('data', (c: Buffer) => { out += c.toString(); });
  const kids = await waitFor('the parent to report its children', () => {
    const line = out.split('\n').find((l) => l.startsWith('{'));
    return line ? (JSON.parse(line) as { busy: number; idle: number }) : null;
  });
  const grandchild = await waitFor('the grandchild to start', async () => {
    const table = await readProcessTable();
    return [...table.values()].find((p) => p.ppid === kids.idle)?.pid ?? null;
  });
  family = { parent: child.pid as number, ...kids, grandchild };
});

after(async () => {
  const f = family;
  if (f) for (const pid of [f.busy, f.idle, f.grandchild]) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
  if (parentProc && parentProc.exitCode === null && parentProc.signalCode === null) {
    const exited = new Promise((resolve) => parentProc?.once('exit', resolve));
    parentProc.kill('SIGKILL');
    await exited;
  }
  if (f) await waitFor('the family to be gone', () => [f.busy, f.idle, f.grandchild].every((pid) => !alive(pid)));
});

function fam(): Family {
  assert.ok(family, 'the process family was started');
  return family;
}

/** A sampler wired the way the supervisor wires it: trees learn from the snapshot in prepare. */
function treeSampler(scanner: ProcessScanner, roots: number[]) {
  const trees = roots.map((pid) => new ProcessTree({ pid, startTime: null }));
  const samples: Sample[][] = [];
  const tables: ProcessTable[] = [];
  const targets = (): SampleTarget[] => trees.map((tree) => ({ id: String(tree.root.pid), pids: () => tree.members().map((m) => m.pid) }));
  const sampler = new MetricsSampler({
    scanner,
    intervalMs: 60_000,
    targets,
    prepare: (table) => {
      tables.push(table);
      for (const tree of trees) tree.update(table);
    },
    onSample: (s) => samples.push(s),
  });
  return { sampler, trees, samples, tables };
}

test('a sample adds up the whole tree: parent, children and grandchild', linuxOnly, async () => {
  const f = fam();
  const { sampler, trees, samples, tables } = treeSampler(new ProcessScanner(), [f.parent]);
  try {
    await sampler.sampleNow();
    const members = trees[0]?.members().map((m) => m.pid).sort((a, b) => a - b);
    assert.deepEqual(members, [f.parent, f.busy, f.idle, f.grandchild].sort((a, b) => a - b));
    const table = tables.at(-1) as ProcessTable;
    const rss = (pid: number): number => table.get(pid)?.rssBytes ?? 0;
    const first = samples.at(-1)?.[0];
    assert.equal(first?.cpuPercent, null, 'CPU% needs two samples');
    assert.equal(first?.memoryBytes, rss(f.parent) + rss(f.busy) + rss(f.idle) + rss(f.grandchild));
    assert.ok((first?.memoryBytes ?? 0) > rss(f.parent) + rss(f.busy), 'the idle branch counts too');
    assert.ok(rss(f.parent) > 32 * 1024 * 1024 && rss(f.busy) > 16 * 1024 * 1024, 'both hold what they allocated');

    // The parent idles; the busy child alone moves the tree's CPU figure.
    const busyAt = (t: ProcessTable): number => t.get(f.busy)?.cpuMs ?? 0;
    const second = await waitFor('a CPU figure with the busy child counted', async () => {
      const before = busyAt(tables.at(-1) as ProcessTable);
      await sampler.sampleNow();
      const s = samples.at(-1)?.[0];
      return s && (s.cpuPercent ?? 0) > 0 && busyAt(tables.at(-1) as ProcessTable) > before ? s : null;
    });
    assert.ok((second.cpuPercent ?? 0) > 0);
  } finally {
    await sampler.stop();
  }
});

test('one process index per snapshot, however many trees are walked', linuxOnly, async () => {
  const f = fam();
  const { sampler, trees, tables } = treeSampler(new ProcessScanner(), [f.parent, f.busy, f.idle, f.grandchild, process.pid]);
  try {
    const before = processIndexBuilds();
    await sampler.sampleNow();
    assert.equal(tables.length, 1);
    assert.equal(processIndexBuilds() - before, 1, 'five trees, one index');
    assert.ok(trees.every((t) => t.alive().length > 0));
    // Walking the same snapshot again (as a dyno stop would) reuses it.
    for (const tree of trees) tree.update(tables[0] as ProcessTable);
    assert.equal(processIndexBuilds() - before, 1);
    await sampler.sampleNow();
    assert.equal(processIndexBuilds() - before, 2, 'a new snapshot, a new index');
  } finally {
    await sampler.stop();
  }
});

test('a pid that has vanished counts for nothing and throws nothing', linuxOnly, async () => {
  const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = gone.pid as number;
  await new Promise((resolve) => gone.once('exit', resolve));
  const samples: Sample[][] = [];
  const sampler = new MetricsSampler({
    scanner: new ProcessScanner(),
    targets: () => [{ id: 'gone', pids: () => [pid] }, { id: 'me', pids: () => [process.pid] }],
    onSample: (s) => samples.push(s),
  });
  await sampler.sampleNow();
  await sampler.stop();
  assert.deepEqual(samples[0]?.find((s) => s.id === 'gone'), { id: 'gone', cpuPercent: null, memoryBytes: 0 });
  assert.ok((samples[0]?.find((s) => s.id === 'me')?.memoryBytes ?? 0) > 0);
});

/** A scanner whose reads wait for the test to let them finish, counting how many were started. */
function gatedScanner() {
  let reads = 0;
  const gates: Array<() => void> = [];
  const scanner = new ProcessScanner(async () => {
    reads++;
    await new Promise<void>((resolve) => gates.push(resolve));
    return readProcessTable();
  });
  return { scanner, reads: () => reads, open: () => { for (const g of gates.splice(0)) g(); } };
}

test('a tick that finds the previous snapshot still running is skipped, not queued', linuxOnly, async () => {
  const gate = gatedScanner();
  let sampled = 0;
  const sampler = new MetricsSampler({
    scanner: gate.scanner,
    intervalMs: 5,
    targets: () => [{ id: 'me', pids: () => [process.pid] }],
    onSample: () => { sampled++; },
  });
  const stop = sampler.start();
  try {
    await waitFor('ticks to arrive while the first scan is held', () => sampler.skippedTicks >= 3);
    assert.equal(gate.reads(), 1, 'one scan, however many ticks');
    // An explicit sample during the scan shares it too.
    assert.equal(sampler.sampleNow(), sampler.sampleNow());
    assert.equal(gate.reads(), 1);
    gate.open();
    await waitFor('the held sample to land', () => sampled >= 1);
  } finally {
    const stopping = stop();
    gate.open(); // a tick may have started another scan meanwhile
    await stopping;
  }
});

test('stop() during a scan waits for it, drops its result, and nothing runs afterwards', linuxOnly, async () => {
  const gate = gatedScanner();
  let prepared = 0;
  let sampled = 0;
  const sampler = new MetricsSampler({
    scanner: gate.scanner,
    targets: () => [{ id: 'me', pids: () => [process.pid] }],
    prepare: () => { prepared++; },
    onSample: () => { sampled++; },
  });
  const sampling = sampler.sampleNow();
  await waitFor('the scan to start', () => gate.reads() === 1);
  let stopped = false;
  const stopping = sampler.stop().then(() => { stopped = true; });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(stopped, false, 'stop() waits for the scan in flight');
  gate.open();
  await stopping;
  await sampling;
  assert.equal(prepared, 0, 'the dropped snapshot reached no hook');
  assert.equal(sampled, 0);
  await sampler.sampleNow();
  sampler.start();
  assert.equal(gate.reads(), 1, 'a stopped sampler never scans again');

  // The same with the real scanner: stop right after a sample begins.
  const f = fam();
  const real = treeSampler(new ProcessScanner(), [f.parent]);
  const pending = real.sampler.sampleNow();
  await real.sampler.stop();
  await pending;
  assert.deepEqual(real.samples, []);
  assert.deepEqual(real.tables, []);
});
