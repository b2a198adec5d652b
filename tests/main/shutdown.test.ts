import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createQuitFlow } from '../../electron/main/shutdown.js';

function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (cond()) resolve();
      else if (Date.now() > deadline) reject(new Error('condition not met in time'));
      else setTimeout(tick, 5);
    };
    tick();
  });
}

test('the first quit is held while everything stops, with progress; then it goes through', async () => {
  const progress: string[] = [];
  let release: () => void = () => undefined;
  const finished: number[] = [];
  const flow = createQuitFlow({
    timeoutMs: 60_000,
    progress: (l) => progress.push(l),
    stop: (onProgress) => new Promise<void>((resolve) => {
      onProgress('Stopping web.1');
      release = resolve;
    }),
    finish: (code) => finished.push(code),
  });
  assert.equal(flow.shouldHoldQuit(), true);
  assert.equal(flow.state, 'stopping');
  assert.equal(flow.shouldHoldQuit(), true, 'a second Quit while stopping is held too, without a second stop');
  await waitFor(() => progress.includes('Stopping web.1'));
  assert.deepEqual(finished, []);
  release();
  await waitFor(() => finished.length === 1);
  assert.deepEqual(finished, [0]);
  assert.equal(flow.state, 'done');
  assert.equal(flow.shouldHoldQuit(), false);
  assert.equal(progress[0], 'Stopping dynos…');
});

test('a stop that fails or hangs still quits, with a non-zero code', async () => {
  const failing = createQuitFlow({ timeoutMs: 60_000, progress: () => undefined, stop: async () => { throw new Error('socket busy'); }, finish: (c) => codes.push(c) });
  const codes: number[] = [];
  failing.shouldHoldQuit();
  await waitFor(() => codes.length === 1);
  assert.deepEqual(codes, [1]);

  const lines: string[] = [];
  const hanging = createQuitFlow({ timeoutMs: 20, progress: (l) => lines.push(l), stop: () => new Promise<void>(() => undefined), finish: (c) => codes.push(c) });
  hanging.shouldHoldQuit();
  await waitFor(() => codes.length === 2);
  assert.deepEqual(codes, [1, 1]);
  assert.ok(lines.some((l) => /did not stop in time/.test(l)));
});
