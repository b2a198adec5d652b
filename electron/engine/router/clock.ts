// A coarse clock for deadlines and idle checks: timeouts measured in seconds do not need a clock read
// per socket event. The router core ticks it on every sweep (every SWEEP_MS while anything is open)
// and when the sweeper wakes from idleness, before anything reads it.

let now = Date.now();

export function coarseNow(): number {
  return now;
}

export function tickClock(): number {
  now = Date.now();
  return now;
}
