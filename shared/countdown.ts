// When a crashed dyno restarts, in words: the dyno chip and `dynodesk ps` say it the same way.

/** "45s", "1m 20s", "1h 5m". Rounded up, so a wait still under way never reads "0s". */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  if (total < 60) return `${total}s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}m ${total % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/** "restarting in 1m 20s"; "restarting now" once the time has come (the next update shows it starting). */
export function restartCountdown(restartAt: number, now: number): string {
  return restartAt > now ? `restarting in ${formatCountdown(restartAt - now)}` : 'restarting now';
}
