// The latest build of each app, from `deploy.progress`, whoever started it (this window, the CLI,
// autodeploy): what the Releases tab shows as build output and the app view as a failed-build banner.
// Kept apart from the store: build output can be thousands of lines a second, so lines are gathered
// and published at most every 100 ms (a timer, not a frame: a hidden tab still catches up).
import type { DynodeskApi } from '../../shared/api.js';
import { autodeployApp } from '../../shared/autodeploy.js';
import type { DeployStep } from '../../shared/types.js';
import { stripAnsi } from '../format.js';

const MAX_LINES = 1000;
const FLUSH_MS = 100;

export interface BuildRun {
  deployId: string;
  app: string;
  /** Started by the app's folder changing, not by someone deploying. */
  autodeploy: boolean;
  step: DeployStep;
  status: 'running' | 'done' | 'failed';
  message: string | null;
  lines: readonly string[];
  startedAt: number;
}

export interface BuildRuns {
  /** The latest run for `app`, or null. The same object until it changes (safe for useSyncExternalStore). */
  latest(app: string): BuildRun | null;
  subscribe(listener: () => void): () => void;
  stop(): void;
}

export function startBuildRuns(api: DynodeskApi): BuildRuns {
  const runs = new Map<string, BuildRun>();
  /** deployId → app, learned from the first event that names it. */
  const owners = new Map<string, string>();
  const pending = new Map<string, string[]>();
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  function publish(): void {
    for (const l of [...listeners]) l();
  }

  function flush(): void {
    timer = null;
    for (const [app, lines] of pending) {
      const run = runs.get(app);
      if (run) runs.set(app, { ...run, lines: [...run.lines, ...lines].slice(-MAX_LINES) });
    }
    pending.clear();
    publish();
  }

  const off = api.on('deploy.progress', (p) => {
    const app = p.app ?? owners.get(p.deployId) ?? autodeployApp(p.deployId);
    // A first deploy of a new folder has no app until detection names it: nothing to show it under yet.
    if (app === null) return;
    owners.set(p.deployId, app);
    let run = runs.get(app);
    if (!run || run.deployId !== p.deployId) {
      // Lines still waiting belong to the run this one replaces.
      pending.delete(app);
      run = { deployId: p.deployId, app, autodeploy: autodeployApp(p.deployId) !== null, step: p.step, status: 'running', message: null, lines: [], startedAt: Date.now() };
      runs.set(app, run);
    }
    if (p.line !== undefined) {
      const list = pending.get(app) ?? [];
      list.push(stripAnsi(p.line));
      pending.set(app, list);
    }
    // Most events are one more line of the same step: those wait for the timer.
    const changed = run.step !== p.step || run.status !== p.status || (p.message !== undefined && p.message !== run.message);
    if (changed) {
      runs.set(app, { ...run, step: p.step, status: p.status, message: p.message ?? run.message });
      if (p.status !== 'running') owners.delete(p.deployId);
    }
    if (changed && p.status !== 'running') {
      // The end of a run: show its last lines with its outcome, not 100 ms later.
      if (timer) clearTimeout(timer);
      flush();
    } else if (changed && !timer) {
      publish();
    }
    timer ??= pending.size > 0 ? setTimeout(flush, FLUSH_MS) : null;
  });

  return {
    latest: (app) => runs.get(app) ?? null,
    subscribe(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    stop() {
      off();
      if (timer) clearTimeout(timer);
      timer = null;
      listeners.clear();
    },
  };
}
