import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TerminalHub } from '../../../electron/engine/dynos/terminal-hub.js';
import { waitFor } from './helpers/harness.js';

function hub(flow: boolean[] = []): TerminalHub {
  return new TerminalHub({
    scrollbackBytes: 100, batchMs: 5, batchBytes: 10, highWatermark: 30, lowWatermark: 10,
    onFlowChange: (p) => flow.push(p), size: () => ({ cols: 80, rows: 24 }),
  });
}

test('batches output per subscriber, in pieces no larger than the batch size', async () => {
  const h = hub();
  const got: string[] = [];
  const sub = h.subscribe({ data: (d) => got.push(d), exit: () => undefined });
  h.push('ab');
  h.push('cd');
  assert.deepEqual(got, [], 'small writes wait for the batch timer');
  await waitFor('the timed flush', () => got.length > 0);
  assert.deepEqual(got, ['abcd']);
  h.push('0123456789xyz');
  assert.deepEqual(got.slice(1), ['0123456789', 'xyz'], 'a full batch is sent at once, split to the limit');
  sub.ack(100);
  sub.close();
});

test('pauses above the high watermark, resumes below the low one, or when the laggard leaves', () => {
  const flow: boolean[] = [];
  const h = hub(flow);
  const fast = h.subscribe({ data: () => undefined, exit: () => undefined });
  const slow = h.subscribe({ data: () => undefined, exit: () => undefined });
  for (let i = 0; i < 4; i++) { h.push('0123456789'); fast.ack(10); }
  assert.deepEqual(flow, [true]);
  assert.ok(h.paused);
  slow.ack(20); // 20 unacked: above low, stays paused
  assert.deepEqual(flow, [true]);
  slow.ack(15); // 5 unacked: resume
  assert.deepEqual(flow, [true, false]);
  for (let i = 0; i < 4; i++) h.push('0123456789');
  assert.deepEqual(flow, [true, false, true]);
  slow.close();
  fast.close();
  assert.deepEqual(flow, [true, false, true, false]);
  assert.equal(h.subscriberCount, 0);
});

test('scrollback for late joiners; exit flushes and notifies; joiners after exit get exit', async () => {
  const h = hub();
  h.push('hello ');
  const got: string[] = [];
  let exitCode: number | null | undefined;
  const sub = h.subscribe({ data: (d) => got.push(d), exit: (c) => { exitCode = c; } });
  assert.equal(sub.scrollback, 'hello ');
  assert.equal(sub.cols, 80);
  h.push('world');
  h.exit(0);
  assert.deepEqual(got, ['world']);
  assert.equal(exitCode, 0);
  let late: number | null | undefined;
  const lateSub = h.subscribe({ data: () => undefined, exit: (c) => { late = c; } });
  assert.equal(lateSub.scrollback, 'hello world');
  await waitFor('exit for a late joiner', () => late === null);
});

test('a throwing subscriber does not disturb the others', () => {
  const h = hub();
  const got: string[] = [];
  h.subscribe({ data: () => { throw new Error('broken'); }, exit: () => { throw new Error('broken'); } });
  h.subscribe({ data: (d) => got.push(d), exit: () => undefined });
  h.push('0123456789');
  assert.deepEqual(got, ['0123456789']);
  h.exit(null);
});
