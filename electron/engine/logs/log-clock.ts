// When a log line was produced: epoch ms with a fraction, since Heroku prints microseconds.
//
// Date.now() only has milliseconds. Gluing performance.now()'s fraction onto it (as this engine once
// did) is not a clock: the two tick over at different instants, so two lines in the same millisecond
// could be stamped .973 and then .215, and the log came out backwards. Here the time is the monotonic
// clock moved onto the wall clock, checked against Date.now() so a sleeping laptop or a clock step is
// followed, and never earlier than the previous reading.

/** Beyond this the two clocks have parted (suspend, NTP step); below it, it is Date.now()'s flooring. */
const MAX_SKEW_MS = 5;
/** A wall clock set back by more than this is followed; by less, the log holds still until it passes. */
const MAX_HOLD_MS = 1000;

let offset = performance.timeOrigin;
let last = 0;

export function logNow(): number {
  const perf = performance.now();
  const wall = Date.now();
  let t = perf + offset;
  if (Math.abs(t - wall) > MAX_SKEW_MS) {
    offset = wall + 0.5 - perf;
    t = perf + offset;
  }
  if (t < last && last - t < MAX_HOLD_MS) t = last;
  last = t;
  return t;
}
