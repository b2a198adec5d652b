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
});
export type BuildInfo = z.infer<typeof buildInfoSchema>;

export const releaseRecordSchema = z.object({
  version: z.number().int().min(1),
  description: z.string(),
  createdAt: z.string(),
});
export type ReleaseRecord = z.infer<typeof releaseRecordSchema>;

const settingsSchema = z.object({
  algorithm: z.enum(['round-robin', 'least-connections', 'random', 'power-of-two']),
  maintenance: z.boolean(),
  memoryQuotaMb: z.number().int().positive(),
  maxBodyBytes: z.number().int().min(0),
});

export const appRecordSchema = z.object({
  name: z.string(),
  path: z.string(),
  port: z.number().int().min(0).max(65535),
  formation: z.record(z.string(), z.number().int().min(0)),
  config: z.record(z.string(), z.string()),
  settings: settingsSchema.partial().transform((s): AppSettings => ({ ...DEFAULT_APP_SETTINGS, ...s })),
  releases: z.array(releaseRecordSchema),
  build: buildInfoSchema.nullable(),
});
export type AppRecord = z.infer<typeof appRecordSchema>;

export const stateSchema = z.object({ apps: z.array(appRecordSchema) });
export type EngineState = z.infer<typeof stateSchema>;

export const STATE_SCHEMA_VERSION = 1;
/** Heroku keeps every release; we keep the recent ones so the state file stays small. */
export const MAX_RELEASES_KEPT = 100;

export function currentRelease(app: AppRecord): number {
  return app.releases.at(-1)?.version ?? 0;
}
