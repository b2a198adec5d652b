// Heroku's crash-restart policy as pure functions, so the supervisor only asks "when next?".
// Heroku never gives up on a crashed dyno: it restarts it at once the first time, then waits a
// cool-off that grows with each further crash, up to 20 minutes, for as long as it keeps crashing.

export interface RestartPolicyConfig {
  /** Cool-off before the second restart; doubles for each further consecutive crash. */
  baseDelayMs: number;
  /** The cool-off never grows beyond this (Heroku's 20 minutes). */
  maxDelayMs: number;
  /** Uptime after which a crash counts as the first one again. */
  healthyUptimeMs: number;
  /** Each cool-off is scaled by a random factor in [1 - jitter, 1 + jitter] so crash loops spread out. */
  jitter: number;
}

/**
 * Heroku's policy with local first steps: restart at once, then ~1 s, 2 s, 4 s, 8 s… (±20 %), up to
 * 20 minutes. A quick first few retries help a dyno that lost a race on start-up; a dyno that keeps
 * crashing settles at one attempt every 16-20 minutes.
 */
export const DEFAULT_RESTART_POLICY: RestartPolicyConfig = {
  baseDelayMs: 1000,
  maxDelayMs: 20 * 60_000,
  healthyUptimeMs: 60_000,
  jitter: 0.2,
};

/** What the policy remembers about one dyno slot. */
export interface CrashHistory {
  consecutiveCrashes: number;
}

export const NO_CRASHES: CrashHistory = { consecutiveCrashes: 0 };

/** There is always a next restart; only its delay varies. */
export interface RestartDecision {
  delayMs: number;
  history: CrashHistory;
}

/**
 * Decide when to restart after a crash.
 * @param uptimeMs how long the crashed generation ran
 * @param random a number in [0, 1) (injected so tests are deterministic)
 */
export function decideRestart(
  config: RestartPolicyConfig,
  history: CrashHistory,
  uptimeMs: number,
  random: number,
): RestartDecision {
  const previous = uptimeMs >= config.healthyUptimeMs ? 0 : history.consecutiveCrashes;
  const crashes = previous + 1;
  return { delayMs: backoffDelay(config, crashes, random), history: { consecutiveCrashes: crashes } };
}

/** Cool-off before restarting after the `crashes`-th consecutive crash (1-based). */
export function backoffDelay(config: RestartPolicyConfig, crashes: number, random: number): number {
  if (crashes <= 1) return 0;
  // Cap the exponent first: 2 ** 1000 is Infinity and Infinity * 0 would be NaN.
  const exponent = Math.min(crashes - 2, 40);
  const raw = Math.min(config.maxDelayMs, config.baseDelayMs * 2 ** exponent);
  const factor = 1 - config.jitter + 2 * config.jitter * clamp01(random);
  // Jitter applies at the cap too, but only downwards: the cap is a promise to the user.
  return Math.max(0, Math.round(Math.min(config.maxDelayMs, raw * factor)));
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0.5;
}
