// The router's coarse clock: what the last tick read, until the next one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coarseNow, tickClock } from '../../../electron/engine/router/clock.js';

test('coarseNow is the time of the last tick', async () => {
  const ticked = tickClock();
  assert.equal(coarseNow(), ticked);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(coarseNow(), ticked);
  assert.ok(tickClock() >= ticked + 15);
});
