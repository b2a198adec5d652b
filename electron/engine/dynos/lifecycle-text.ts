// Lifecycle lines in Heroku's wording, so logs read the way Heroku users expect.
import type { DynoState } from '../../../shared/types.js';

export const lifecycleText = {
  starting: (command: string) => `Starting process with command \`${command}\``,
  startingOneOff: (command: string) => `Starting process with command \`${command}\` by user`,
  stateChanged: (from: DynoState | 'complete', to: DynoState | 'complete') => `State changed from ${from} to ${to}`,
  stopping: () => 'Stopping all processes with SIGTERM',
  exitTimeout: (graceMs: number) =>
    `Error R12 (Exit timeout) -> At least one process failed to exit within ${formatSeconds(graceMs)} of SIGTERM`,
  killing: () => 'Stopping remaining processes with SIGKILL',
  exited: (status: number | null) => `Process exited with status ${status ?? 'unknown'}`,
  bootTimeout: (bootMs: number) =>
    `Error R10 (Boot timeout) -> Web process failed to bind to $PORT within ${formatSeconds(bootMs)} of launch`,
  memory: (bytes: number, quotaMb: number) => {
    const mb = bytes / (1024 * 1024);
    return `Process running mem=${Math.round(mb)}M(${((mb / quotaMb) * 100).toFixed(1)}%)`;
  },
  memoryQuota: () => 'Error R14 (Memory quota exceeded)',
  restarting: () => 'Restarting',
  cycling: () => 'Cycling',
};

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  const text = Number.isInteger(s) ? String(s) : s.toFixed(1);
  return `${text} ${s === 1 ? 'second' : 'seconds'}`;
}
