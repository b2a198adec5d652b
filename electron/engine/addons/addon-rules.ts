// Small rules of the add-on lifecycle, kept apart from the manager that applies them.
import type { AddonState } from '../../../shared/types.js';
import type { AppRecord } from '../apps/app-record.js';
import { UserError } from '../errors.js';
import type { AddonRecord } from './addon-record.js';
import type { ServerState } from './server-process.js';
import { parseServiceSpec, type ServiceSpec } from './services.js';

/**
 * The app's list of add-on variables (AppRecord.addonConfigKeys): a rollback keeps their current
 * values, since add-ons themselves are not rolled back.
 */
export function markAddonKey(draft: AppRecord, key: string, attached: boolean): void {
  const keys = new Set(draft.addonConfigKeys);
  if (attached) keys.add(key);
  else keys.delete(key);
  draft.addonConfigKeys = [...keys].sort();
}

export function addonState(state: ServerState): AddonState {
  switch (state) {
    case 'up': return 'available';
    case 'starting': return 'provisioning';
    case 'backoff':
    case 'failed': return 'failed';
    case 'stopped': return 'stopped';
  }
}

export function pgNames(record: AddonRecord): { role: string; database: string } {
  return { role: record.role ?? '', database: record.database ?? '' };
}

/** Destroying data needs the app's name repeated, as Heroku's --confirm does. */
export function confirmed(app: string, confirm: string | undefined, what: string): void {
  if (confirm === undefined || confirm === '') throw new UserError(`${what} To proceed, run the command again with --confirm ${app}. Nothing was changed.`);
  if (confirm !== app) throw new UserError(`--confirm ${confirm} does not match the app's name, ${app}. Nothing was changed.`);
}

export function knownService(raw: string): ServiceSpec | null {
  try {
    return parseServiceSpec(raw);
  } catch {
    return null;
  }
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
