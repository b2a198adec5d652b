// A coarse clock for deadlines and idle checks: reading the real clock several times per request
// showed up in profiles, and timeouts measured in seconds do not need millisecond precision.
// The router core ticks it on every sweep (every SWEEP_MS while anything is open) and when the
// sweeper wakes from idleness, before anything reads it.

let now = Date.now();
/** Date.now() - performance.now() at the last tick: turns a performance.now() reading into epoch ms. */
let wallOffset = now - performance.now();

export function coarseNow(): number {
  return now;
}

/**
 * Epoch ms for a performance.now() reading, without a second clock read per request. Exact to the ms
 * between ticks (the two clocks drift by parts per million); a wall-clock step (NTP, a laptop waking
 * up) is picked up at the next tick, which runs before any socket event once the loop wakes.
 */
export function epochMs(perfNow: number): number {
  return Math.floor(perfNow + wallOffset);
}

export function tickClock(): number {
  now = Date.now();
  wallOffset = now - performance.now();
  return now;
}
