// The add-on services Dynodesk runs locally, and the names users may call them by. Heroku's plan
// suffix (heroku-postgresql:essential-0) is accepted and ignored: a local server has no tiers.
import type { AddonServiceName } from '../../../shared/types.js';
import { UserError } from '../errors.js';

/** The contract's name for it (shared/types.ts), under the name the engine's add-on code uses. */
export type AddonService = AddonServiceName;

const ALIASES: Record<string, AddonService> = {
  'heroku-postgresql': 'heroku-postgresql',
  postgres: 'heroku-postgresql',
  postgresql: 'heroku-postgresql',
  'heroku-redis': 'heroku-redis',
  redis: 'heroku-redis',
};

export interface ServiceSpec {
  service: AddonService;
  /** What the user typed after the colon, kept for `addons:info` ("essential-0"), or null. */
  plan: string | null;
}

/** "heroku-postgresql:essential-0" → { service, plan }. Unknown names are refused, naming the supported ones. */
export function parseServiceSpec(raw: string): ServiceSpec {
  const text = raw.trim();
  const colon = text.indexOf(':');
  const name = (colon < 0 ? text : text.slice(0, colon)).toLowerCase();
  const plan = colon < 0 ? null : text.slice(colon + 1).trim();
  const service = ALIASES[name];
  if (!service) {
    throw new UserError(`Unknown add-on service "${raw}". Supported here: heroku-postgresql (also postgres, postgresql, heroku-postgresql:<plan>) and heroku-redis (also redis, heroku-redis:<plan>).`);
  }
  if (plan !== null && !/^[A-Za-z0-9._-]{1,64}$/.test(plan)) throw new UserError(`Invalid plan name "${plan}"`);
  return { service, plan: plan || null };
}

/** The attachment name a service gets without --as: DATABASE (→ DATABASE_URL), REDIS (→ REDIS_URL). */
export function defaultAttachment(service: AddonService): string {
  return service === 'heroku-postgresql' ? 'DATABASE' : 'REDIS';
}

/**
 * `--as NAME` → NAME_URL, Heroku's rule for attachment names: a letter first, then upper-case letters,
 * digits and underscores. "FOO_URL" is taken to mean FOO, so nobody ends up with FOO_URL_URL.
 */
export function attachmentVar(as: string): string {
  const name = as.endsWith('_URL') ? as.slice(0, -4) : as;
  if (!/^[A-Z][A-Z0-9_]{0,62}$/.test(name)) {
    throw new UserError(`Invalid --as name "${as}": it must start with a letter and hold only upper-case letters, digits and underscores (e.g. --as CACHE → CACHE_URL)`);
  }
  return `${name}_URL`;
}

/** postgresql-<word>-<5 digits>, as Heroku names them. */
export function addonNamePrefix(service: AddonService): string {
  return service === 'heroku-postgresql' ? 'postgresql' : 'redis';
}
