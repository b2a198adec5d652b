// A coarse clock for deadlines and idle checks: reading the real clock several times per request
// showed up in profiles, and timeouts measured in seconds do not need millisecond precision.
// The router core ticks it on every sweep (every SWEEP_MS while anything is open) and when the
// sweeper wakes from idleness, before anything reads it.

let now = Date.now();

export function coarseNow(): number {
  return now;
}

export function tickClock(): number {
  now = Date.now();
  return now;
}
