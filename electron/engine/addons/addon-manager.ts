// The engine's add-ons: which exist (addons.json), their servers (one PostgreSQL for all, one Redis
// each), their state, their log lines, and the lifecycle tying them to apps through config vars.
// Attaching and detaching are config releases, made the way config:set makes them.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddonDTO, AddonInfoDTO, AddonState, PgInfoDTO } from '../../../shared/types.js';
import type { AppRecord } from '../apps/app-record.js';
import { configRelease } from '../commands/config.js';
import type { Supervisor } from '../dynos/supervisor.js';
import type { EngineCore } from '../engine-core.js';
import type { AddonRequest, AddonsService } from '../engine-services.js';
import { UserError } from '../errors.js';
import type { LogHub } from '../logs/log-hub.js';
import { ADDONS_DIR } from '../state/private-dir.js';
import type { AddonRecord } from './addon-record.js';
import { AddonStore } from './addon-store.js';
import { addonUrl, maskedUrl } from './addon-url.js';
import { newAddonName } from './addon-names.js';
import { diskUsage } from './disk-usage.js';
import { pickFreePort } from './free-port.js';
import { diskFull } from './pg-data-dir.js';
import { createDatabase, databaseFacts, dropDatabase, newPgNames, resetDatabase } from './pg-provision.js';
import { PostgresServer } from './postgres-server.js';
import { createRedisServer, findRedisServer, redisDir } from './redis-server.js';
import type { ServerProcess } from './server-process.js';
import { addonState, confirmed, knownService, markAddonKey, messageOf, pgNames } from './addon-rules.js';
import { updateMovedAttachments } from './port-moves.js';
import { attachmentVar, defaultAttachment, parseServiceSpec, type ServiceSpec } from './services.js';

export interface AddonManagerOptions {
  dataDir: string;
  logs: LogHub;
  supervisor: Supervisor;
  /** What servers run with: the host's environment, without the engine's secrets. */
  env: Record<string, string>;
}

export class AddonManager implements AddonsService {
  readonly store: AddonStore;
  readonly postgres: PostgresServer;
  private readonly redis = new Map<string, ServerProcess>();
  /** Add-ons being created, and the apps they are for (whose logs get the server's general lines meanwhile). */
  private readonly provisioning = new Map<string, string>();
  private core: EngineCore | null = null;
  /** False during engine start: apps' variables are fixed in the registry before their dynos start. */
  private running = false;

  constructor(private readonly opts: AddonManagerOptions) {
    const dir = join(opts.dataDir, ADDONS_DIR);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.store = new AddonStore(dir);
    this.postgres = new PostgresServer({
      dataDir: opts.dataDir,
      store: this.store,
      recorder: opts.supervisor.processRecorder('(add-ons)', 'heroku-postgresql'),
      env: opts.env,
      onLine: (line) => this.postgresLine(line),
      onState: () => { for (const app of this.pgApps()) this.changed(app); },
      onPortMoved: () => this.attachmentsMoved(this.store.list().filter((a) => a.service === 'heroku-postgresql')),
    });
  }

  bind(core: EngineCore): void {
    this.core = core;
  }

  /** Engine start: every add-on's server, before any dyno. Failures are reported, never fatal. */
  async start(onWarning: (message: string) => void): Promise<void> {
    if (this.store.loadProblem) onWarning(this.store.loadProblem);
    const starts: Promise<void>[] = [];
    for (const record of this.store.list()) {
      if (record.service !== 'heroku-redis') continue;
      starts.push(this.startRedis(record).catch((err: unknown) => onWarning(`Add-on ${record.name} (${record.app}) could not start: ${messageOf(err)}`)));
    }
    if (this.pgApps().size > 0) {
      starts.push(this.postgres.ensureStarted().catch((err: unknown) => onWarning(`PostgreSQL (add-ons ${this.pgNames().join(', ')}) could not start: ${messageOf(err)}`)));
    }
    await Promise.all(starts);
    this.running = true;
  }

  /** Engine stop, after the dynos: every server shut down cleanly. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all([this.postgres.stop(), ...[...this.redis.values()].map((s) => s.stop())]);
  }

  list(app?: string): AddonDTO[] {
    return this.store.list(app).sort((a, b) => a.app.localeCompare(b.app) || a.createdAt.localeCompare(b.createdAt)).map((r) => this.dto(r));
  }

  async info(name: string): Promise<AddonInfoDTO> {
    const record = this.store.get(name);
    return this.infoOf(record);
  }

  /** addons:create: provision, then attach with a config release (the dynos restart with it). */
  async create(app: string, service: string, as?: string): Promise<{ addon: AddonDTO; release: number; warning: string | null }> {
    const core = this.requireCore();
    core.registry.get(app);
    const spec = parseServiceSpec(service);
    const configVar = as === undefined ? `${defaultAttachment(spec.service)}_URL` : attachmentVar(as);
    const clash = this.attachProblem(app, configVar, core.registry.get(app).config);
    if (clash) throw new UserError(clash, 'conflict');
    // Before anything changes: a missing redis-server refuses the add-on outright.
    if (spec.service === 'heroku-redis') findRedisServer(this.opts.env);
    const record = await this.provision(app, spec, configVar);
    try {
      const { release, warning } = await configRelease(core, app, [configVar], `Attach ${record.name} as ${configVar}`, (config, draft) => {
        // Again under the app's lock: another attach may have taken the name meanwhile.
        const problem = this.attachProblem(app, configVar, config, record.name);
        if (problem) throw new UserError(problem, 'conflict');
        config[configVar] = addonUrl(record, this.postgres.port);
        markAddonKey(draft, configVar, true);
      }, 'addon');
      return { addon: this.dto(record), release, warning };
    } catch (err) {
      await this.deprovision(record).catch(() => undefined);
      throw err;
    }
  }

  /** addons:destroy: detach (a config release), then drop its data. */
  async destroy(app: string, name: string, confirm: string | undefined): Promise<{ name: string; release: number | null; warning: string | null }> {
    const core = this.requireCore();
    core.registry.get(app);
    const record = this.store.get(name);
    if (record.app !== app) throw new UserError(`${name} is attached to ${record.app}, not to ${app}. Nothing was changed.`);
    confirmed(app, confirm, `This destroys ${name} and its data for good.`);
    let release: number | null = null;
    let warning: string | null = null;
    if (core.registry.get(app).config[record.configVar] !== undefined) {
      ({ release, warning } = await configRelease(core, app, [record.configVar], `Detach ${name} (${record.configVar})`, (config, draft) => {
        delete config[record.configVar];
        markAddonKey(draft, record.configVar, false);
      }, 'addon'));
    }
    await this.deprovision(record);
    this.opts.logs.add(app, 'dynodesk', 'api', `Destroyed ${name}`);
    return { name, release, warning };
  }

  /** apps:destroy: the app's add-ons go with it (its dynos are already stopped). */
  async destroyForApp(app: string): Promise<string[]> {
    const names: string[] = [];
    for (const record of this.store.list(app)) {
      await this.deprovision(record);
      names.push(record.name);
    }
    return names;
  }

  /**
   * A first deploy's app.json add-ons, provisioned before its release phase: each one's URL goes into
   * the config of `draft` (the release being drafted). A variable the deploy already sets is left alone. On failure
   * the ones made are dropped again; `discard` does the same when the deploy fails later.
   */
  async provisionForDeploy(app: string, requests: readonly AddonRequest[], draft: AppRecord, say: (line: string) => void): Promise<string[]> {
    if (requests.length === 0) return [];
    const config = draft.config;
    const made: AddonRecord[] = [];
    try {
      for (const req of requests) {
        const spec = knownService(req.service);
        if (!spec) {
          say(`-----> app.json add-on ${req.service} has no local counterpart here (only heroku-postgresql and heroku-redis): skipped`);
          continue;
        }
        const configVar = req.as === undefined ? `${defaultAttachment(spec.service)}_URL` : attachmentVar(req.as);
        if (config[configVar] !== undefined) {
          say(`-----> app.json add-on ${spec.service}: ${configVar} is already set, not provisioning one`);
          continue;
        }
        const problem = this.attachProblem(app, configVar, {});
        if (problem) throw new UserError(`app.json add-ons: ${problem}`, 'conflict');
        if (spec.service === 'heroku-redis') findRedisServer(this.opts.env);
        say(`-----> Provisioning ${spec.service} as ${configVar} (app.json)`);
        const record = await this.provision(app, spec, configVar);
        made.push(record);
        config[configVar] = addonUrl(record, this.postgres.port);
        markAddonKey(draft, configVar, true);
      }
    } catch (err) {
      await this.discard(made.map((r) => r.name));
      throw err;
    }
    return made.map((r) => r.name);
  }

  async discard(names: string[]): Promise<void> {
    for (const name of names) {
      const record = this.store.find(name);
      if (record) await this.deprovision(record).catch(() => undefined);
    }
  }

  async pgInfo(app: string): Promise<PgInfoDTO[]> {
    this.requireCore().registry.get(app);
    const out: PgInfoDTO[] = [];
    for (const record of this.store.list(app).filter((a) => a.service === 'heroku-postgresql')) {
      const facts = this.postgres.state === 'up' ? await databaseFacts(this.postgres, pgNames(record)).catch(() => null) : null;
      const info = await this.infoOf(record);
      out.push({ ...info, diskBytes: facts?.sizeBytes ?? null, version: facts?.version ?? '', connections: facts?.connections ?? 0 });
    }
    return out;
  }

  /** pg:reset: an empty database, same URL. */
  async pgReset(app: string, name: string | undefined, confirm: string | undefined): Promise<{ name: string }> {
    this.requireCore().registry.get(app);
    const pgs = this.store.list(app).filter((a) => a.service === 'heroku-postgresql');
    const record = name === undefined ? pgs.find((a) => a.configVar === 'DATABASE_URL') ?? pgs[0] : pgs.find((a) => a.name === name || a.configVar === name);
    if (!record) throw new UserError(name === undefined ? `${app} has no Postgres add-on` : `${app} has no Postgres add-on ${name}`, 'not_found');
    confirmed(app, confirm, `This empties ${record.name} (${record.configVar}) for good.`);
    await resetDatabase(this.postgres, pgNames(record));
    this.opts.logs.add(app, 'dynodesk', 'api', `Reset ${record.name} (${record.configVar})`);
    return { name: record.name };
  }

  // ---- internals -----------------------------------------------------------------------------

  private requireCore(): EngineCore {
    if (!this.core) throw new Error('add-on manager used before the engine bound it');
    return this.core;
  }

  /** Why `configVar` can't be attached to `app` now, or null. */
  private attachProblem(app: string, configVar: string, config: Record<string, string>, except?: string): string | null {
    const clash = this.store.list(app).find((a) => a.configVar === configVar && a.name !== except);
    if (clash) return `${configVar} is already attached to ${app} by ${clash.name}: attach another one under a name of its own with --as NAME (e.g. --as ${configVar === 'DATABASE_URL' ? 'ANALYTICS_DB' : 'CACHE'}). Nothing was changed.`;
    if (config[configVar] !== undefined) return `${configVar} is already a config var of ${app}: unset it first (dynodesk config:unset ${configVar} -a ${app}) or attach with --as NAME. Nothing was changed.`;
    return null;
  }

  private async provision(app: string, spec: ServiceSpec, configVar: string): Promise<AddonRecord> {
    const name = newAddonName(spec.service, (n) => this.store.find(n) !== undefined || this.provisioning.has(n));
    const password = randomBytes(24).toString('base64url');
    const base = { name, service: spec.service, plan: spec.plan, app, configVar, createdAt: new Date().toISOString(), password };
    this.provisioning.set(name, app);
    this.changed(app);
    try {
      if (spec.service === 'heroku-postgresql') {
        await this.postgres.ensureStarted();
        const names = newPgNames();
        await createDatabase(this.postgres, names, password);
        const record: AddonRecord = { ...base, port: this.postgres.port ?? 0, database: names.database, role: names.role };
        try {
          this.store.add(record);
        } catch (err) {
          await dropDatabase(this.postgres, names).catch(() => undefined);
          throw err;
        }
        return record;
      }
      const record: AddonRecord = { ...base, port: await pickFreePort(this.redisPorts()), database: null, role: null };
      // Recorded before it starts, so data from a start that half-happened can always be found and dropped.
      this.store.add(record);
      try {
        await this.startRedis(record);
      } catch (err) {
        await this.deprovision(record).catch(() => undefined);
        throw err;
      }
      return record;
    } catch (err) {
      const message = messageOf(err);
      if (diskFull(message)) throw new UserError(`Could not create ${spec.service}: the disk is full (${message}). Nothing was changed.`, 'failed');
      if (err instanceof UserError) throw err;
      throw new UserError(`Could not create ${spec.service}: ${message}. Nothing was changed.`, 'failed');
    } finally {
      this.provisioning.delete(name);
      this.changed(app);
    }
  }

  private async deprovision(record: AddonRecord): Promise<void> {
    if (record.service === 'heroku-postgresql') {
      await dropDatabase(this.postgres, pgNames(record));
    } else {
      const server = this.redis.get(record.name);
      this.redis.delete(record.name);
      await server?.stop();
      await rm(redisDir(this.opts.dataDir, record.name), { recursive: true, force: true });
    }
    if (this.store.find(record.name)) this.store.remove(record.name);
    this.changed(record.app);
  }

  private startRedis(record: AddonRecord): Promise<void> {
    let server = this.redis.get(record.name);
    if (!server) {
      server = createRedisServer({
        name: record.name,
        dir: redisDir(this.opts.dataDir, record.name),
        binary: findRedisServer(this.opts.env),
        password: record.password,
        port: () => this.store.find(record.name)?.port ?? record.port,
        setPort: (port) => { this.store.update(record.name, (d) => { d.port = port; }); },
        onPortMoved: () => {
          const now = this.store.find(record.name);
          if (now) void this.attachmentsMoved([now]);
        },
        recorder: this.opts.supervisor.processRecorder(record.app, `heroku-redis:${record.name}`),
        env: this.opts.env,
        onLine: (line) => this.opts.logs.add(record.app, 'app', 'heroku-redis', line),
        onState: () => this.changed(record.app),
      });
      this.redis.set(record.name, server);
    }
    return server.start();
  }

  /** A server moved to another port: each attached app gets its variable updated with a release. */
  private async attachmentsMoved(records: AddonRecord[]): Promise<void> {
    if (this.core) await updateMovedAttachments(this.core, records, (r) => addonUrl(this.store.find(r.name) ?? r, this.postgres.port), this.running);
  }

  /** Postgres lines carry {database} when they come from a session: they go to that app's log only. */
  private postgresLine(line: string): void {
    const m = /^\{([^}]*)\} (.*)$/.exec(line);
    const text = m ? m[2] ?? '' : line;
    const owner = m?.[1] ? this.store.list().find((a) => a.database === m[1]) : undefined;
    const apps = owner ? new Set([owner.app]) : this.pgApps();
    for (const app of apps) this.opts.logs.add(app, 'app', 'heroku-postgresql', text);
  }

  private pgApps(): Set<string> {
    const apps = new Set(this.store.list().filter((a) => a.service === 'heroku-postgresql').map((a) => a.app));
    for (const app of this.provisioning.values()) apps.add(app);
    return apps;
  }

  private pgNames(): string[] {
    return this.store.list().filter((a) => a.service === 'heroku-postgresql').map((a) => a.name);
  }

  private redisPorts(): Set<number> {
    const ports = new Set(this.store.list().filter((a) => a.service === 'heroku-redis').map((a) => a.port));
    if (this.postgres.port !== null) ports.add(this.postgres.port);
    return ports;
  }

  private changed(app: string): void {
    this.core?.emit({ event: 'addons.changed', payload: { app, addons: this.list(app) } });
  }

  private dto(record: AddonRecord): AddonDTO {
    const { state, detail } = this.stateOf(record);
    const pg = record.service === 'heroku-postgresql';
    return {
      name: record.name, service: record.service, app: record.app, configVar: record.configVar, state,
      port: pg ? this.postgres.port : record.port, plan: record.plan, createdAt: record.createdAt, detail,
    };
  }

  private stateOf(record: AddonRecord): { state: AddonState; detail: string | null } {
    if (this.provisioning.has(record.name)) return { state: 'provisioning', detail: null };
    const server = record.service === 'heroku-postgresql' ? this.postgres : this.redis.get(record.name);
    return { state: addonState(server?.state ?? 'stopped'), detail: server?.detail ?? null };
  }

  private async infoOf(record: AddonRecord): Promise<AddonInfoDTO> {
    const pg = record.service === 'heroku-postgresql';
    const diskBytes = pg
      ? (this.postgres.state === 'up' ? (await databaseFacts(this.postgres, pgNames(record)).catch(() => null))?.sizeBytes ?? null : null)
      : await diskUsage(redisDir(this.opts.dataDir, record.name));
    return {
      ...this.dto(record),
      maskedUrl: maskedUrl(record, this.postgres.port),
      diskBytes,
      database: record.database,
      dataPath: pg ? this.postgres.pgData : redisDir(this.opts.dataDir, record.name),
    };
  }
}
