// The router's clocks: the coarse one for deadlines, and epoch ms derived from performance.now().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coarseNow, epochMs, tickClock } from '../../../electron/engine/router/clock.js';

test('epochMs turns a performance.now() reading into the wall clock\'s ms', () => {
  const ticked = tickClock();
  assert.equal(coarseNow(), ticked);
  for (let i = 0; i < 5; i++) {
    const before = Date.now();
    const derived = epochMs(performance.now());
    const after = Date.now();
    assert.ok(derived >= before - 1 && derived <= after + 1, `${derived} not within [${before}, ${after}]`);
    assert.equal(derived, Math.floor(derived));
  }
});
