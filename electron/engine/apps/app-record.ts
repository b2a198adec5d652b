import { z } from 'zod';
import { DEFAULT_APP_SETTINGS } from '../../../shared/defaults.js';
import type { AppSettings } from '../../../shared/types.js';

/** What a successful build left behind: everything needed to start dynos again after a restart. */
export const buildInfoSchema = z.object({
  kind: z.enum(['node', 'python', 'static', 'procfile']),
  commands: z.record(z.string(), z.string()),
  releaseCommand: z.string().nullable(),
  pathPrepend: z.array(z.string()),
  buildEnv: z.record(z.string(), z.string()),
  dotenv: z.record(z.string(), z.string()),
  appJsonDefaults: z.record(z.string(), z.string()),
  /**
   * The slug (<dataDir>/slugs/<app>/<slug>) the dynos run in. null: a build made before slugs
   * existed, which ran in the app's folder, so its dynos still do.
   */
  slug: z.string().nullable().default(null),
  /** The pushed commit the slug was built from (git deploys). */
  commit: z.string().optional(),
});
export type BuildInfo = z.infer<typeof buildInfoSchema>;

export const releaseSourceSchema = z.enum(['folder', 'git', 'config', 'addon', 'rollback']);

export const releaseRecordSchema = z.object({
  version: z.number().int().min(1),
  description: z.string(),
  createdAt: z.string(),
  source: releaseSourceSchema,
  /** How its rollout went; the current release's live status comes from the supervisor. */
  status: z.enum(['pending', 'succeeded', 'failed']),
  /**
   * What a rollback to this release restores: its build (slug included) and config vars, and which
   * of those vars came from add-ons. Dropped (null) when its slug is pruned: it can no longer be restored.
   */
  build: buildInfoSchema.nullable(),
  config: z.record(z.string(), z.string()).nullable(),
  addonConfigKeys: z.array(z.string()),
});
export type ReleaseRecord = z.infer<typeof releaseRecordSchema>;

const settingsSchema = z.object({
  algorithm: z.enum(['round-robin', 'least-connections', 'random', 'power-of-two']),
  maintenance: z.boolean(),
  memoryQuotaMb: z.number().int().positive(),
  maxBodyBytes: z.number().int().min(0),
  autodeploy: z.boolean(),
  httpSessionAffinity: z.boolean(),
});

export const appRecordSchema = z.object({
  name: z.string(),
  /** The folder it deploys from; null for an app made by `create` and deployed by git push. */
  path: z.string().nullable(),
  port: z.number().int().min(0).max(65535),
  formation: z.record(z.string(), z.number().int().min(0)),
  config: z.record(z.string(), z.string()),
  settings: settingsSchema.partial().transform((s): AppSettings => ({ ...DEFAULT_APP_SETTINGS, ...s })),
  releases: z.array(releaseRecordSchema),
  build: buildInfoSchema.nullable(),
  /**
   * Config vars that add-ons attached (DATABASE_URL…), maintained by the add-ons code. A rollback
   * keeps their current values instead of the rolled-back release's: add-ons are not rolled back.
   */
  addonConfigKeys: z.array(z.string()).default([]),
});
export type AppRecord = z.infer<typeof appRecordSchema>;

export const stateSchema = z.object({ apps: z.array(appRecordSchema) });
export type EngineState = z.infer<typeof stateSchema>;

/** v2: slugs (BuildInfo.slug), per-release source/status/rollback snapshot, nullable path, addonConfigKeys. */
export const STATE_SCHEMA_VERSION = 2;
/** Heroku keeps every release; we keep the recent ones so the state file stays small. */
export const MAX_RELEASES_KEPT = 100;

export function currentRelease(app: AppRecord): number {
  return app.releases.at(-1)?.version ?? 0;
}
