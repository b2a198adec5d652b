// Every command the engine answers: name → argument schema + result type.
// Doors validate `args` with the schema before the engine sees them.
import { z } from 'zod';
import type {
  AddonDTO, AddonInfoDTO, PgInfoDTO, AppDTO, AppInfoDTO, AppSettings, AppStats, DynoDTO, EngineInfo, LogLine, ReleaseDTO,
} from './types.js';
import type { CertsStatus, TrustOutcome } from './certs.js';
import type { ExportResult } from './export.js';
import { APP_FEATURE_NAMES, type AppFeatureDTO } from './features.js';

const appArg = z.string().min(1).max(64);
const dynoArg = z.string().min(1).max(64);
const logSourceArg = z.enum(['app', 'dynodesk']);

export const settingsPatchSchema = z.object({
  algorithm: z.enum(['round-robin', 'least-connections', 'random', 'power-of-two']).optional(),
  maintenance: z.boolean().optional(),
  memoryQuotaMb: z.number().int().min(16).max(1024 * 1024).optional(),
  maxBodyBytes: z.number().int().min(0).optional(),
  autodeploy: z.boolean().optional(),
}).strict();

export const commandSchemas = {
  'engine.info': z.object({}).strict(),
  /** Open the router to other devices on the network (0.0.0.0) or back to this machine only; persisted. */
  'engine.lan': z.object({ enabled: z.boolean() }).strict(),
  /** Local HTTPS: the CA's path, whether it is trusted, the TLS port, and what trusting it would do. */
  'certs.status': z.object({}).strict(),
  /** Install the local CA into this machine's trust stores (or, for those that need root, say how). */
  'certs.trust': z.object({}).strict(),
  'certs.untrust': z.object({}).strict(),
  'apps.list': z.object({}).strict(),
  'apps.info': z.object({ app: appArg }).strict(),
  /**
   * path: absolute (the engine has no idea where the caller stands; the CLI resolves it first).
   * deployId lets a client subscribe to `deploy.progress` before the deploy starts.
   * env: config vars to set with this release (app.json `required` ones before a first deploy).
   */
  'apps.deploy': z.object({
    path: z.string().min(1).max(4096),
    name: z.string().max(64).optional(),
    deployId: z.string().max(64).optional(),
    env: z.record(z.string().max(256), z.string().max(1024 * 1024)).optional(),
    /** `path` holds a pushed commit (the git hook exported it): a git release of the existing app `name`; its folder is left as it is. */
    git: z.object({ commit: z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, 'a full commit id') }).strict().optional(),
  }).strict(),
  'apps.destroy': z.object({ app: appArg }).strict(),
  /** An app with no release yet and no folder, deployed by `git push` to its bare repository. Without a name: a generated one. */
  'apps.create': z.object({ name: z.string().min(1).max(64).optional() }).strict(),
  'apps.settings': z.object({ app: appArg, settings: settingsPatchSchema }).strict(),
  /** Heroku-style features (shared/features.ts) and whether each is on for the app. */
  'features.list': z.object({ app: appArg }).strict(),
  /** Turn a feature on or off; takes effect at once, without restarting dynos. */
  'features.set': z.object({
    app: appArg,
    feature: z.enum(APP_FEATURE_NAMES, { error: `unknown feature: use ${APP_FEATURE_NAMES.join(', ')}` }),
    enabled: z.boolean(),
  }).strict(),
  /** Newest first. */
  'releases.list': z.object({ app: appArg }).strict(),
  /** A new release with `version`'s slug and config vars (without version: the one before the current). */
  'releases.rollback': z.object({ app: appArg, version: z.number().int().min(1).optional() }).strict(),
  /** Empty the app's build cache: the next build installs its dependencies afresh. */
  'builds.cachePurge': z.object({ app: appArg }).strict(),
  'ps.list': z.object({ app: appArg }).strict(),
  'ps.scale': z.object({ app: appArg, formation: z.record(z.string().max(64), z.number()) }).strict(),
  /** target: a process type ("web"), a dyno ("web.2"), or nothing for every dyno */
  'ps.restart': z.object({ app: appArg, target: z.string().max(64).optional() }).strict(),
  'ps.stop': z.object({ app: appArg, dyno: dynoArg }).strict(),
  'config.get': z.object({ app: appArg }).strict(),
  'config.set': z.object({ app: appArg, vars: z.record(z.string().max(256), z.string().max(1024 * 1024)) }).strict(),
  'config.unset': z.object({ app: appArg, keys: z.array(z.string().max(256)).min(1) }).strict(),
  /** dyno: a dyno ("web.1"), a type ("web") or "router"/"build"/"api"; source: the app's own output, or Dynodesk's lines (lifecycle, router, api). */
  'logs.get': z.object({ app: appArg, lines: z.number().int().min(1).max(100_000).optional(), dyno: z.string().max(64).optional(), source: logSourceArg.optional() }).strict(),
  'stats.get': z.object({ app: appArg }).strict(),
  /**
   * Start a one-off dyno (run.N) on a pty. Without a command: the platform shell. A command that is a
   * process type's name ("worker") runs that type's Procfile command.
   * attach: subscribe the caller to the new dyno's terminal at once, so not a byte of output is missed.
   * detached: its output goes to the app's log (`app[run.N]`), as `heroku run:detached`; otherwise it
   * stays in its terminal and the log gets only its start and stop lines. Needs a command.
   */
  'run.start': z.object({ app: appArg, command: z.string().max(8192).optional(), cols: z.number().int().min(1).max(1000).optional(), rows: z.number().int().min(1).max(1000).optional(), attach: z.boolean().optional(), detached: z.boolean().optional() }).strict(),
  /** Subscribe this client to a dyno's terminal; returns the scrollback so far. */
  'terminal.open': z.object({ app: appArg, dyno: dynoArg }).strict(),
  'terminal.close': z.object({ app: appArg, dyno: dynoArg }).strict(),
  'terminal.input': z.object({ app: appArg, dyno: dynoArg, data: z.string().max(1024 * 1024) }).strict(),
  'terminal.resize': z.object({ app: appArg, dyno: dynoArg, cols: z.number().int().min(1).max(1000), rows: z.number().int().min(1).max(1000) }).strict(),
  /** Every add-on, or one app's. */
  'addons.list': z.object({ app: appArg.optional() }).strict(),
  'addons.info': z.object({ name: z.string().min(1).max(64) }).strict(),
  /** service: heroku-postgresql, postgres, postgresql, heroku-redis, redis (each also with :<plan>); as: attach as AS_URL. */
  'addons.create': z.object({ app: appArg, service: z.string().min(1).max(128), as: z.string().min(1).max(64).optional() }).strict(),
  /** confirm must repeat the app's name: the add-on's data is dropped for good. */
  'addons.destroy': z.object({ app: appArg, name: z.string().min(1).max(64), confirm: z.string().max(64).optional() }).strict(),
  'pg.info': z.object({ app: appArg }).strict(),
  /** Empty the app's database (DATABASE_URL's, or the add-on named); confirm must repeat the app's name. */
  'pg.reset': z.object({ app: appArg, name: z.string().min(1).max(64).optional(), confirm: z.string().max(64).optional() }).strict(),
  /** The current release as Docker Compose or Kubernetes files; written into outputDir (absolute, new or empty unless force) when given. */
  'apps.export': z.object({
    app: appArg,
    target: z.enum(['compose', 'kubernetes'], { error: 'unknown export target: use compose or kubernetes' }),
    host: z.string().min(1).max(253).optional(),
    externalAddons: z.boolean().optional(),
    outputDir: z.string().min(1).max(4096).optional(),
    force: z.boolean().optional(),
  }).strict(),
  /** Acknowledge terminal bytes written to the screen (flow control). */
  'terminal.ack': z.object({ app: appArg, dyno: dynoArg, bytes: z.number().int().min(0) }).strict(),
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandArgs<K extends CommandName> = z.infer<(typeof commandSchemas)[K]>;

export interface CommandResults {
  'engine.info': EngineInfo;
  'engine.lan': EngineInfo;
  'certs.status': CertsStatus;
  'certs.trust': TrustOutcome;
  'certs.untrust': TrustOutcome;
  'apps.list': AppDTO[];
  'apps.info': AppInfoDTO;
  /** warning: set when the release was recorded but its rollout stopped (the previous release keeps serving). */
  'apps.deploy': { app: AppDTO; release: number; warning: string | null };
  /** addons: the add-ons destroyed with it (their data dropped). */
  'apps.destroy': { name: string; addons: string[] };
  'apps.create': { name: string };
  'apps.settings': AppSettings;
  'features.list': AppFeatureDTO[];
  'features.set': AppFeatureDTO;
  'releases.list': ReleaseDTO[];
  /** warning: as for config.set, set when the rollout stopped and the previous release keeps serving. */
  'releases.rollback': { release: number; warning: string | null };
  'builds.cachePurge': { freedBytes: number };
  'ps.list': DynoDTO[];
  'ps.scale': Record<string, number>;
  'ps.restart': { restarted: string[]; warning: string | null };
  'ps.stop': { stopped: string };
  'config.get': Record<string, string>;
  'config.set': { release: number; warning: string | null };
  'config.unset': { release: number; warning: string | null };
  'logs.get': LogLine[];
  'stats.get': AppStats;
  'run.start': { dyno: string };
  'terminal.open': { scrollback: string; cols: number; rows: number };
  'terminal.close': { closed: boolean };
  'terminal.input': { written: number };
  'terminal.resize': { cols: number; rows: number };
  'terminal.ack': { acked: number };
  'addons.list': AddonDTO[];
  'addons.info': AddonInfoDTO;
  /** release: the config release that attached it; warning as for config.set. */
  'addons.create': { addon: AddonDTO; release: number; warning: string | null };
  'addons.destroy': { name: string; release: number | null; warning: string | null };
  'pg.info': PgInfoDTO[];
  'pg.reset': { name: string };
  'apps.export': ExportResult;
}

export type CommandResult<K extends CommandName> = CommandResults[K];

export const commandNames = Object.keys(commandSchemas) as CommandName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commandSchemas, name);
}
