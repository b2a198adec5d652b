import type { AddonRecord } from './addon-record.js';

/** The attachment's value: what the app reads from DATABASE_URL / REDIS_URL. */
export function addonUrl(record: AddonRecord, pgPort: number | null): string {
  if (record.service === 'heroku-postgresql') {
    return `postgres://${record.role ?? ''}:${record.password}@127.0.0.1:${pgPort ?? 0}/${record.database ?? ''}`;
  }
  return `redis://:${record.password}@127.0.0.1:${record.port}`;
}

/** The same URL with the password hidden, for lists and the dashboard until the user asks to reveal it. */
export function maskedUrl(record: AddonRecord, pgPort: number | null): string {
  return addonUrl({ ...record, password: '********' }, pgPort);
}
