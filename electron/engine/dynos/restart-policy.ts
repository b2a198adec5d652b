// Heroku's crash-restart policy as pure functions, so the supervisor only asks "what now?".

export interface RestartPolicyConfig {
  /** Delay before the second restart; doubles for each further consecutive crash. */
  baseDelayMs: number;
  /** Backoff never grows beyond this. */
  maxDelayMs: number;
  /** Uptime after which a crash counts as the first one again. */
  healthyUptimeMs: number;
  /** After this many consecutive crashes the dyno stays `crashed` until a user action or a new release. */
  maxConsecutiveCrashes: number;
  /** Each delay is scaled by a random factor in [1 - jitter, 1 + jitter] so crash loops spread out. */
  jitter: number;
}

/**
 * Local defaults, Heroku-like: restart at once, then ~1 s, 2 s, 4 s, 8 s… (±20 %), capped at 5 minutes.
 * A loop of instantly crashing processes gets 5-6 restarts in its first 20 s.
 */
export const DEFAULT_RESTART_POLICY: RestartPolicyConfig = {
  baseDelayMs: 1000,
  maxDelayMs: 5 * 60_000,
  healthyUptimeMs: 60_000,
  maxConsecutiveCrashes: 10,
  jitter: 0.2,
};

/** What the policy remembers about one dyno slot. */
export interface CrashHistory {
  consecutiveCrashes: number;
}

export const NO_CRASHES: CrashHistory = { consecutiveCrashes: 0 };

export type RestartDecision =
  | { action: 'restart'; delayMs: number; history: CrashHistory }
  | { action: 'give-up'; history: CrashHistory };

/**
 * Decide what to do after a crash.
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
  const next: CrashHistory = { consecutiveCrashes: crashes };
  if (crashes >= config.maxConsecutiveCrashes) return { action: 'give-up', history: next };
  return { action: 'restart', delayMs: backoffDelay(config, crashes, random), history: next };
}

/** Delay before restarting after the `crashes`-th consecutive crash (1-based). */
export function backoffDelay(config: RestartPolicyConfig, crashes: number, random: number): number {
  if (crashes <= 1) return 0;
  // Cap the exponent first: 2 ** 1000 is Infinity and Infinity * 0 would be NaN.
  const exponent = Math.min(crashes - 2, 40);
  const raw = Math.min(config.maxDelayMs, config.baseDelayMs * 2 ** exponent);
  const factor = 1 - config.jitter + 2 * config.jitter * clamp01(random);
  return Math.max(0, Math.round(Math.min(config.maxDelayMs, raw * factor)));
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0.5;
}
