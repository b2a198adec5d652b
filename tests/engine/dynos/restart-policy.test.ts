import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  backoffDelay, decideRestart, DEFAULT_RESTART_POLICY, NO_CRASHES, type CrashHistory,
} from '../../../electron/engine/dynos/restart-policy.js';

const noJitter = { ...DEFAULT_RESTART_POLICY, jitter: 0 };

test('first restart is immediate, then exponential backoff up to the cap', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(noJitter, n, 0.5)), [0, 1000, 2000, 4000, 8000, 16000]);
  assert.equal(backoffDelay(noJitter, 30, 0.5), DEFAULT_RESTART_POLICY.maxDelayMs);
  assert.equal(backoffDelay(noJitter, 10_000, 0.5), DEFAULT_RESTART_POLICY.maxDelayMs);
});

test('jitter stays within ±20% and never exceeds the cap', () => {
  for (const r of [0, 0.25, 0.5, 0.99, 1]) {
    const d = backoffDelay(DEFAULT_RESTART_POLICY, 3, r);
    assert.ok(d >= 1600 && d <= 2400, String(d));
    assert.ok(backoffDelay(DEFAULT_RESTART_POLICY, 40, r) <= DEFAULT_RESTART_POLICY.maxDelayMs);
  }
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
      if (d.action === 'give-up') break;
      clock += d.delayMs;
      if (clock > 20_000) break;
      restarts++;
    }
    assert.ok(restarts >= 4 && restarts <= 6, `random=${r}: ${restarts} restarts in 20 s`);
  }
});

test('healthy uptime resets the count; repeated crashes give up', () => {
  let h: CrashHistory = NO_CRASHES;
  for (let i = 0; i < 5; i++) h = decideRestart(noJitter, h, 100, 0.5).history;
  assert.equal(h.consecutiveCrashes, 5);
  const afterHealthy = decideRestart(noJitter, h, 60_000, 0.5);
  assert.deepEqual(afterHealthy, { action: 'restart', delayMs: 0, history: { consecutiveCrashes: 1 } });
  let d = decideRestart(noJitter, NO_CRASHES, 0, 0.5);
  for (let i = 1; i < DEFAULT_RESTART_POLICY.maxConsecutiveCrashes; i++) {
    assert.equal(d.action, 'restart');
    d = decideRestart(noJitter, d.history, 0, 0.5);
  }
  assert.equal(d.action, 'give-up');
  assert.equal(d.history.consecutiveCrashes, DEFAULT_RESTART_POLICY.maxConsecutiveCrashes);
});
