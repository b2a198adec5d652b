// An app record as the engine stores it, with add-ons attached, for the writers' unit tests: the
// model is built by the same modelFromState the engine uses, only from a record made here.
import { DEFAULT_APP_SETTINGS } from '../../../shared/defaults.js';
import type { AddonDTO, DynoDTO } from '../../../shared/types.js';
import type { AppRecord } from '../../../electron/engine/apps/app-record.js';
import type { BuildSpec, ExportModel } from '../../../electron/engine/export/model.js';
import { modelFromState } from '../../../electron/engine/export/model-from-state.js';

export const PG_PASSWORD = 'pg-Secret-0123456789abcdef';
export const REDIS_PASSWORD = 'redis-Secret-0123456789abcdef';
export const CACHE_PASSWORD = 'cache-Secret-0123456789abcdef';
export const API_TOKEN = 'tok$en with spaces #1';
export const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

export function shopRecord(sourceDir: string | null): AppRecord {
  const build = {
    kind: 'node' as const,
    commands: { worker: 'node worker.js', web: 'node server.js --port $PORT' },
    releaseCommand: 'node migrate.js',
    pathPrepend: [], buildEnv: {}, dotenv: { LOCAL_ONLY: 'from .env' }, appJsonDefaults: { GREETING: 'hello', LOG_LEVEL: 'info' }, slug: null,
  };
  return {
    name: 'shop',
    path: sourceDir,
    port: 7401,
    formation: { web: 2, worker: 1 },
    config: {
      LOG_LEVEL: 'debug',
      API_TOKEN,
      CERT_PEM: CERT,
      DATABASE_URL: `postgres://u1234:${PG_PASSWORD}@127.0.0.1:54321/d1234`,
      REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:6390`,
      CACHE_URL: `redis://:${CACHE_PASSWORD}@127.0.0.1:6391`,
    },
    settings: { ...DEFAULT_APP_SETTINGS },
    releases: [1, 2, 3].map((version) => ({
      version, description: `Deploy ${version}`, createdAt: '2025-01-01T00:00:00.000Z', source: 'folder' as const, status: 'succeeded' as const, build, config: {}, addonConfigKeys: [],
    })),
    build,
    addonConfigKeys: ['CACHE_URL', 'DATABASE_URL', 'REDIS_URL'],
  };
}

function addon(name: string, service: AddonDTO['service'], configVar: string): AddonDTO {
  return { name, service, app: 'shop', configVar, state: 'available', port: 1, plan: null, createdAt: '2025-01-01T00:00:00.000Z', detail: null };
}

export const SHOP_ADDONS: AddonDTO[] = [
  addon('redis-calm-11111', 'heroku-redis', 'CACHE_URL'),
  addon('postgresql-shaped-22222', 'heroku-postgresql', 'DATABASE_URL'),
  addon('redis-deep-33333', 'heroku-redis', 'REDIS_URL'),
  // Another app's add-on never leaks into this app's export.
  { ...addon('postgresql-other-44444', 'heroku-postgresql', 'DATABASE_URL'), app: 'blog' },
];

function dyno(name: string, memoryBytes: number | null): DynoDTO {
  return {
    name, type: name.split('.')[0] as string, state: 'up', pid: 1, port: null, restarts: 0, startedAt: 1, command: '', exitCode: null,
    cpuPercent: 1, memoryBytes, oneOff: false, release: 3, restartAt: null,
  };
}

/** web.1 measured at 100 MB, web.2 at 90 MB; the worker not measured yet. */
export const SHOP_DYNOS: DynoDTO[] = [dyno('web.1', 100 * 1024 * 1024), dyno('web.2', 90 * 1024 * 1024), dyno('worker.1', null)];

export const NODE_BUILD: BuildSpec = { kind: 'node', nodeMajor: '22', nodeSource: 'engines.node "22.x"', manager: 'npm', installCommand: 'npm ci', buildCommand: 'npm run build' };

export function shopModel(sourceDir: string | null, build: BuildSpec = NODE_BUILD): ExportModel {
  return modelFromState({ record: shopRecord(sourceDir), addons: SHOP_ADDONS, dynos: SHOP_DYNOS, build, dynodeskVersion: '0.1.0' });
}
