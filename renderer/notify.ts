// Crash notifications. Electron's main process raises native ones; in the browser we only use the
// Notification API when the user already granted it (never prompt out of the blue).
import type { CrashInfo } from './state/engine-state.js';

export function notifyCrash(kind: 'electron' | 'browser', app: string, crash: CrashInfo): void {
  if (kind !== 'browser' || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const code = crash.exitCode === null ? 'a signal' : `code ${crash.exitCode}`;
  try {
    new Notification(`${app}: ${crash.dyno} crashed`, { body: `Exited with ${code}.\n${crash.lastLines.slice(-2).join('\n')}`, tag: `${app}/${crash.dyno}` });
  } catch { /* some browsers require a service worker for notifications; the crash card still shows it */ }
}
