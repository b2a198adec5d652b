// Heroku's crash-restart policy: at once, then a cool-off growing to 20 minutes, never giving up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  backoffDelay, decideRestart, DEFAULT_RESTART_POLICY, NO_CRASHES, type CrashHistory,
} from '../../../electron/engine/dynos/restart-policy.js';

const noJitter = { ...DEFAULT_RESTART_POLICY, jitter: 0 };
const TWENTY_MINUTES = 20 * 60_000;

test('the cap is Heroku\'s 20 minutes', () => {
  assert.equal(DEFAULT_RESTART_POLICY.maxDelayMs, TWENTY_MINUTES);
});

test('first restart is immediate, then the cool-off doubles up to the cap', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(noJitter, n, 0.5)), [0, 1000, 2000, 4000, 8000, 16000]);
  let previous = 0;
  for (let n = 2; n < 40; n++) {
    const d = backoffDelay(noJitter, n, 0.5);
    assert.ok(d >= previous && d <= TWENTY_MINUTES, `crash ${n}: ${d} ms`);
    previous = d;
  }
  assert.equal(backoffDelay(noJitter, 30, 0.5), TWENTY_MINUTES);
  assert.equal(backoffDelay(noJitter, 10_000, 0.5), TWENTY_MINUTES);
});

test('jitter stays within ±20% below the cap, and at the cap only shortens the wait', () => {
  for (const r of [0, 0.25, 0.5, 0.99, 1]) {
    const d = backoffDelay(DEFAULT_RESTART_POLICY, 3, r);
    assert.ok(d >= 1600 && d <= 2400, String(d));
    const capped = backoffDelay(DEFAULT_RESTART_POLICY, 40, r);
    assert.ok(capped >= 0.8 * TWENTY_MINUTES && capped <= TWENTY_MINUTES, String(capped));
  }
  assert.ok(backoffDelay(DEFAULT_RESTART_POLICY, 40, 0) < backoffDelay(DEFAULT_RESTART_POLICY, 40, 0.5), 'jitter spreads capped waits too');
  assert.equal(backoffDelay(DEFAULT_RESTART_POLICY, 3, Number.NaN), 2000);
});

test('an instantly crashing dyno restarts about 6 times in its first 20 s, whatever the jitter', () => {
  for (const r of [0, 0.5, 0.999]) {
    let history: CrashHistory = NO_CRASHES;
    let clock = 0;
    let restarts = 0;
    for (let i = 0; i < 50; i++) {
      const d = decideRestart(DEFAULT_RESTART_POLICY, history, 0, r);
      history = d.history;
      clock += d.delayMs;
      if (clock > 20_000) break;
      restarts++;
    }
    assert.ok(restarts >= 4 && restarts <= 6, `random=${r}: ${restarts} restarts in 20 s`);
  }
});

test('it never gives up: a thousand crashes in a row still get a restart, within 20 minutes', () => {
  let h: CrashHistory = NO_CRASHES;
  for (let i = 1; i <= 1000; i++) {
    const d = decideRestart(DEFAULT_RESTART_POLICY, h, 0, (i % 10) / 10);
    assert.ok(Number.isFinite(d.delayMs) && d.delayMs >= 0 && d.delayMs <= TWENTY_MINUTES, `crash ${i}: ${d.delayMs}`);
    h = d.history;
  }
  assert.equal(h.consecutiveCrashes, 1000);
});

test('healthy uptime resets the count: the next crash restarts at once again', () => {
  let h: CrashHistory = NO_CRASHES;
  for (let i = 0; i < 15; i++) h = decideRestart(noJitter, h, 100, 0.5).history;
  assert.equal(h.consecutiveCrashes, 15);
  assert.equal(decideRestart(noJitter, h, 100, 0.5).delayMs, TWENTY_MINUTES, 'a crash loop waits the full cool-off');
  const justShort = decideRestart(noJitter, h, DEFAULT_RESTART_POLICY.healthyUptimeMs - 1, 0.5);
  assert.equal(justShort.history.consecutiveCrashes, 16);
  const afterHealthy = decideRestart(noJitter, h, DEFAULT_RESTART_POLICY.healthyUptimeMs, 0.5);
  assert.deepEqual(afterHealthy, { delayMs: 0, history: { consecutiveCrashes: 1 } });
  assert.equal(decideRestart(noJitter, afterHealthy.history, 100, 0.5).delayMs, 1000);
});
