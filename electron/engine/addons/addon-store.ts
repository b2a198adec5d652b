import { join } from 'node:path';
import { JsonStore } from '../state/json-store.js';
import { UserError } from '../errors.js';
import {
  ADDON_STATE_FILE, ADDON_STATE_VERSION, addonStateSchema, emptyAddonState,
  type AddonRecord, type AddonState, type PostgresSettings,
} from './addon-record.js';

/** The durable list of add-ons. Like the app registry: a change is written before it is visible. */
export class AddonStore {
  private readonly store: JsonStore<AddonState>;
  private state: AddonState;
  readonly loadProblem: string | null;

  constructor(addonsDir: string) {
    this.store = new JsonStore(join(addonsDir, ADDON_STATE_FILE), ADDON_STATE_VERSION, (d) => addonStateSchema.parse(d), emptyAddonState);
    const loaded = this.store.load();
    this.state = loaded.value;
    this.loadProblem = loaded.problem;
  }

  list(app?: string): AddonRecord[] {
    return this.state.addons.filter((a) => app === undefined || a.app === app).map((a) => ({ ...a }));
  }

  find(name: string): AddonRecord | undefined {
    const found = this.state.addons.find((a) => a.name === name);
    return found ? { ...found } : undefined;
  }

  get(name: string): AddonRecord {
    const found = this.find(name);
    if (!found) throw new UserError(`Couldn't find that add-on: ${name}`, 'not_found');
    return found;
  }

  get postgres(): PostgresSettings {
    return { ...this.state.postgres };
  }

  add(record: AddonRecord): void {
    if (this.find(record.name)) throw new UserError(`Add-on name ${record.name} is already taken`, 'conflict');
    this.commit({ ...this.state, addons: [...this.state.addons, { ...record }] });
  }

  update(name: string, change: (draft: AddonRecord) => void): AddonRecord {
    const draft = this.get(name);
    change(draft);
    this.commit({ ...this.state, addons: this.state.addons.map((a) => (a.name === name ? draft : a)) });
    return { ...draft };
  }

  remove(name: string): void {
    this.commit({ ...this.state, addons: this.state.addons.filter((a) => a.name !== name) });
  }

  setPostgres(settings: PostgresSettings): void {
    this.commit({ ...this.state, postgres: { ...settings } });
  }

  private commit(next: AddonState): void {
    this.store.save(next);
    this.state = next;
  }
}
