// Engine-wide preferences (today: LAN access), kept in <dataDir>/preferences.json.
import { join } from 'node:path';
import { JsonStore } from './json-store.js';

export interface Preferences {
  /** The router listens on every interface (0.0.0.0) instead of 127.0.0.1 only. */
  lanAccess: boolean;
}

export const PREFERENCES_SCHEMA_VERSION = 1;
export const DEFAULT_PREFERENCES: Preferences = { lanAccess: false };

function validate(data: unknown): Preferences {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('preferences must be an object');
  const { lanAccess } = data as { lanAccess?: unknown };
  if (lanAccess !== undefined && typeof lanAccess !== 'boolean') throw new Error('lanAccess must be true or false');
  return { lanAccess: lanAccess ?? DEFAULT_PREFERENCES.lanAccess };
}

export interface LoadedPreferences {
  value: Preferences;
  /** Set when the file was unreadable: what happened, for the door to show. */
  warning: string | null;
}

export class PreferencesStore {
  private readonly store: JsonStore<Preferences>;

  constructor(dataDir: string) {
    this.store = new JsonStore(join(dataDir, 'preferences.json'), PREFERENCES_SCHEMA_VERSION, validate, () => ({ ...DEFAULT_PREFERENCES }));
  }

  get path(): string {
    return this.store.path;
  }

  /**
   * A damaged file is set aside (json-store quarantines it) and every preference goes back to its
   * default, whatever an older copy said: opening the machine to the network must be a choice the
   * current file clearly records.
   */
  load(): LoadedPreferences {
    const loaded = this.store.load();
    if (!loaded.problem) return { value: loaded.value, warning: null };
    const movedTo = /moved it to (\S+) and/.exec(loaded.problem)?.[1];
    const reason = /was corrupt \((.*)\); moved/.exec(loaded.problem)?.[1] ?? 'unreadable';
    return {
      value: { ...DEFAULT_PREFERENCES },
      warning: `Preferences file ${this.store.path} was corrupt (${reason})${movedTo ? `; moved it to ${movedTo}` : ''}. LAN access is off until you turn it on again.`,
    };
  }

  save(value: Preferences): void {
    this.store.save(value);
  }
}
