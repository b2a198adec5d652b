// React access to the api and the store. Selectors must return values already held in the state
// (not fresh objects), or useSyncExternalStore re-renders forever.
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { DynodeskApi } from '../../shared/api.js';
import type { EngineState } from './engine-state.js';
import type { Store } from './store.js';
import type { StatsHistory } from './stats-history.js';
import type { BuildRun, BuildRuns } from './build-runs.js';

export interface Services {
  api: DynodeskApi;
  store: Store;
  history: StatsHistory;
  builds: BuildRuns;
  refresh(): Promise<void>;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('ServicesContext missing');
  return s;
}

export function useEngine<T>(selector: (s: EngineState) => T): T {
  const { store } = useServices();
  return useSyncExternalStore(store.subscribe, () => selector(store.get()));
}

/** The latest build of `app` (any door started it), kept current. */
export function useBuildRun(app: string): BuildRun | null {
  const { builds } = useServices();
  return useSyncExternalStore(builds.subscribe, () => builds.latest(app));
}

/** A clock for relative times (uptime); one timer per component that shows one. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
