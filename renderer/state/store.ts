// The renderer's view of the engine: apps, dynos, stats and crashes, kept current by engine events.
// Components read slices with useStoreSelector; terminal bytes and log lines never pass through here.
import type { AppDTO, AppStats, DynoDTO } from '../../shared/types.js';
import type { ApiConnection, ConnectionState } from '../api/ws-client.js';
import type { CrashInfo, EngineState } from './engine-state.js';
import { StatsHistory } from './stats-history.js';

const MAX_CRASHES_PER_APP = 5;

export class Store {
  private state: EngineState;
  private readonly listeners = new Set<() => void>();

  constructor(connection: ConnectionState) {
    this.state = { connection, info: null, apps: [], appsLoaded: false, dynos: {}, stats: {}, crashes: {} };
  }

  get = (): EngineState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  };

  update(patch: Partial<EngineState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of [...this.listeners]) l();
  }

  upsertApp(app: AppDTO): void {
    const apps = this.state.apps.filter((a) => a.name !== app.name);
    apps.push(app);
    apps.sort((a, b) => a.name.localeCompare(b.name));
    this.update({ apps });
  }

  removeApp(name: string): void {
    const { [name]: _d, ...dynos } = this.state.dynos;
    const { [name]: _s, ...stats } = this.state.stats;
    const { [name]: _c, ...crashes } = this.state.crashes;
    this.update({ apps: this.state.apps.filter((a) => a.name !== name), dynos, stats, crashes });
  }

  setDynos(app: string, list: DynoDTO[]): void {
    this.update({ dynos: { ...this.state.dynos, [app]: list } });
  }

  setStats(app: string, stats: AppStats): void {
    this.update({ stats: { ...this.state.stats, [app]: stats } });
  }

  addCrash(app: string, crash: CrashInfo): void {
    const list = [crash, ...(this.state.crashes[app] ?? [])].slice(0, MAX_CRASHES_PER_APP);
    this.update({ crashes: { ...this.state.crashes, [app]: list } });
  }

  dismissCrash(app: string, id: number): void {
    this.update({ crashes: { ...this.state.crashes, [app]: (this.state.crashes[app] ?? []).filter((c) => c.id !== id) } });
  }
}

export interface StoreHandle {
  store: Store;
  history: StatsHistory;
  /** Re-read everything from the engine (after connecting, or after a deploy). */
  refresh(): Promise<void>;
  stop(): void;
}

export function startStore(conn: ApiConnection, onCrash?: (app: string, crash: CrashInfo) => void): StoreHandle {
  const { api } = conn;
  const store = new Store(conn.state());
  const history = new StatsHistory(() => store.get());
  let crashId = 0;

  async function refreshDynos(app: string): Promise<void> {
    const r = await api['ps.list']({ app });
    if (r.ok) store.setDynos(app, r.value);
  }

  async function refresh(): Promise<void> {
    const [info, apps] = await Promise.all([api['engine.info']({}), api['apps.list']({})]);
    if (info.ok) store.update({ info: info.value });
    if (!apps.ok) return;
    const sorted = [...apps.value].sort((a, b) => a.name.localeCompare(b.name));
    store.update({ apps: sorted, appsLoaded: true });
    await Promise.all(sorted.map(async (a) => {
      await refreshDynos(a.name);
      const s = await api['stats.get']({ app: a.name });
      if (s.ok) store.setStats(a.name, s.value);
    }));
  }

  const offs = [
    api.on('app.changed', ({ app }) => {
      const known = store.get().apps.some((a) => a.name === app.name);
      store.upsertApp(app);
      if (!known) void refreshDynos(app.name);
    }),
    api.on('app.removed', ({ name }) => store.removeApp(name)),
    // LAN access changed (from this window, another one, or the CLI).
    api.on('engine.changed', ({ info }) => store.update({ info })),
    api.on('dynos.changed', ({ app, dynos }) => store.setDynos(app, dynos)),
    api.on('stats.updated', ({ app, stats }) => store.setStats(app, stats)),
    api.on('dyno.crashed', ({ app, dyno, exitCode, lastLines }) => {
      const crash: CrashInfo = { id: ++crashId, dyno, exitCode, lastLines, at: Date.now() };
      store.addCrash(app, crash);
      onCrash?.(app, crash);
    }),
    conn.onState((s) => {
      store.update({ connection: s });
      if (s === 'open') void refresh();
    }),
  ];
  const stopHistory = history.start();
  if (conn.state() === 'open') void refresh();

  return {
    store,
    history,
    refresh,
    stop() {
      for (const off of offs) off();
      stopHistory();
    },
  };
}
