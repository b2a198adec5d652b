import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCountdown, restartCountdown } from '../../shared/countdown.js';

test('countdowns read like the dyno chip shows them, rounded up', () => {
  assert.equal(formatCountdown(0), '0s');
  assert.equal(formatCountdown(1), '1s');
  assert.equal(formatCountdown(45_000), '45s');
  assert.equal(formatCountdown(80_000), '1m 20s');
  assert.equal(formatCountdown(20 * 60_000), '20m 0s');
  assert.equal(formatCountdown(3_900_000), '1h 5m');
  assert.equal(restartCountdown(1_080_000, 1_000_000), 'restarting in 1m 20s');
  assert.equal(restartCountdown(1_000_000, 1_000_000), 'restarting now');
});
