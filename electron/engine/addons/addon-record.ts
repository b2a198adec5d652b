// <dataDir>/addons/addons.json: every add-on, its credentials and the Postgres server's settings.
// Passwords live here (0600, in a folder of ours) and in the attached config var, nowhere else.
import { z } from 'zod';

export const addonRecordSchema = z.object({
  name: z.string().min(1).max(64),
  service: z.enum(['heroku-postgresql', 'heroku-redis']),
  plan: z.string().nullable(),
  app: z.string().min(1),
  /** The config var it is attached as: DATABASE_URL, REDIS_URL, or NAME_URL (--as NAME). */
  configVar: z.string().min(1),
  createdAt: z.string(),
  password: z.string().min(16),
  /** Redis: the server's own port. Postgres: unused (one server for all, see postgres.port). */
  port: z.number().int().min(0).max(65535),
  /** Postgres only: its database and role. */
  database: z.string().nullable(),
  role: z.string().nullable(),
});
export type AddonRecord = z.infer<typeof addonRecordSchema>;

export const postgresSettingsSchema = z.object({
  /** Chosen once and kept, so DATABASE_URL stays put; changed only when another program took it. */
  port: z.number().int().min(0).max(65535).nullable(),
  /** The engine's superuser (`dynodesk`), which creates and drops the add-ons' databases and roles. */
  adminPassword: z.string().nullable(),
});
export type PostgresSettings = z.infer<typeof postgresSettingsSchema>;

export const addonStateSchema = z.object({
  postgres: postgresSettingsSchema,
  addons: z.array(addonRecordSchema),
});
export type AddonState = z.infer<typeof addonStateSchema>;

export const ADDON_STATE_VERSION = 1;
export const ADDON_STATE_FILE = 'addons.json';

export function emptyAddonState(): AddonState {
  return { postgres: { port: null, adminPassword: null }, addons: [] };
}
