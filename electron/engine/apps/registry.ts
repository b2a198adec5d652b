import { join } from 'node:path';
import type { ReleaseSource } from '../../../shared/types.js';
import { JsonStore } from '../state/json-store.js';
import { UserError } from '../errors.js';
import {
  MAX_RELEASES_KEPT, STATE_SCHEMA_VERSION, stateSchema,
  type AppRecord, type EngineState,
} from './app-record.js';
import { appendRelease } from './releases.js';
import { migrateState } from './state-migrate.js';

/** The durable list of apps. Every mutation is written through atomically before it is visible. */
export class AppRegistry {
  private readonly store: JsonStore<EngineState>;
  private readonly apps = new Map<string, AppRecord>();
  /** Non-null when the state file was corrupt at load (reported to the user once). */
  readonly loadProblem: string | null;

  constructor(dataDir: string) {
    this.store = new JsonStore(join(dataDir, 'state.json'), STATE_SCHEMA_VERSION, (d) => stateSchema.parse(d), () => ({ apps: [] }), migrateState);
    const loaded = this.store.load();
    this.loadProblem = loaded.problem;
    for (const app of loaded.value.apps) this.apps.set(app.name, app);
  }

  list(): AppRecord[] {
    return [...this.apps.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  find(name: string): AppRecord | undefined {
    return this.apps.get(name);
  }

  get(name: string): AppRecord {
    const app = this.apps.get(name);
    if (!app) throw new UserError(`Couldn't find that app: ${name}`, 'not_found');
    return app;
  }

  /** The app deployed from this folder (apps made by `create` have none). */
  findByPath(path: string): AppRecord | undefined {
    return this.list().find((a) => a.path !== null && a.path === path);
  }

  usedPorts(): Set<number> {
    return new Set(this.list().map((a) => a.port));
  }

  /** Apply `change` to a copy, persist, then publish: a failed write changes nothing. */
  update(name: string, change: (draft: AppRecord) => void): AppRecord {
    const draft = structuredClone(this.get(name));
    change(draft);
    this.commit(draft);
    return draft;
  }

  add(app: AppRecord): void {
    if (this.apps.has(app.name)) throw new UserError(`Name ${app.name} is already taken`, 'conflict');
    this.commit(app);
  }

  remove(name: string): void {
    const next = new Map(this.apps);
    next.delete(name);
    this.store.save({ apps: [...next.values()] });
    this.apps.delete(name);
  }

  private commit(app: AppRecord): void {
    if (app.releases.length > MAX_RELEASES_KEPT) app.releases = app.releases.slice(-MAX_RELEASES_KEPT);
    const next = new Map(this.apps);
    next.set(app.name, app);
    this.store.save({ apps: [...next.values()] });
    this.apps.set(app.name, app);
  }
}

/**
 * Record release N+1 on a draft (config changes, add-on changes, deploys). Call it once the draft's
 * config and build are final: the release keeps a copy of both for rollbacks.
 */
export function addRelease(app: AppRecord, description: string, source: ReleaseSource = 'config'): number {
  return appendRelease(app, description, source);
}
