// What a stopped roll tells the user (the app's log, the command's stderr, the UI): which dyno
// failed, how, and which release keeps serving.
import { formatSeconds } from './lifecycle-text.js';

export const rolloutText = {
  crashedDuringBoot: (dyno: string, status: number | null) => `${dyno} crashed during boot (${exit(status)})`,
  crashed: (dyno: string, status: number | null) => `${dyno} crashed (${exit(status)})`,
  bootTimeout: (dyno: string, bootMs: number) =>
    `${dyno} did not bind $PORT within ${formatSeconds(bootMs)} (R10 boot timeout)`,
  couldNotStart: (dyno: string, why: string) => `${dyno} could not start: ${why}`,
  releaseFailed: (version: number, reason: string, serving: number) =>
    `release v${version} failed: ${reason}; still serving v${serving}`,
  restartStopped: (reason: string, serving: number) =>
    `restart stopped: ${reason}; the old web dynos keep serving v${serving}`,
};

function exit(status: number | null): string {
  return status === null ? 'exit status unknown' : `exit ${status}`;
}
