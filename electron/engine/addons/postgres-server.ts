// The engine's one PostgreSQL server: <dataDir>/addons/postgres/data, initialised the first time a
// Postgres add-on is needed, started lazily (and at engine start while any add-on uses it), on
// 127.0.0.1 only, on a port chosen once and kept. Each add-on is a database and a role in it.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ADDONS_DIR } from '../state/private-dir.js';
import type { ProcessRecorder } from '../dynos/run-recorder.js';
import type { AddonStore } from './addon-store.js';
import { pickFreePort, portIsFree } from './free-port.js';
import { findPgBinaries, type PgBinaries } from './pg-binaries.js';
import { PG_ADMIN_USER, binaryMajor, checkDataDir, clearStaleLock, initDataDir, openForTraversal } from './pg-data-dir.js';
import { PG_STARTING_UP, PgConnection, PgError, type PgLogin } from './pg-wire.js';
import { assertTraversable, postgresRunAs, type RunAs } from './run-as.js';
import { ServerProcess, type ServerState } from './server-process.js';

export interface PostgresServerOptions {
  dataDir: string;
  store: AddonStore;
  recorder: ProcessRecorder;
  env: Record<string, string>;
  onLine: (line: string) => void;
  onState: (state: ServerState, detail: string | null) => void;
  /** The saved port was taken by another program, so the server now listens on `port`. */
  onPortMoved: (port: number) => Promise<void>;
}

/** Crash recovery after an engine was killed replays the WAL; give it time before calling the start failed. */
const START_TIMEOUT_MS = 120_000;

export class PostgresServer {
  readonly baseDir: string;
  readonly pgData: string;
  private server: ServerProcess | null = null;
  private starting: Promise<void> | null = null;
  private readonly recent: string[] = [];
  private movedTo: number | null = null;
  private portMove: Promise<void> = Promise.resolve();
  /** The server said it accepts connections: log in now instead of knocking (each early knock logs a FATAL line). */
  private saidReady = false;

  constructor(private readonly opts: PostgresServerOptions) {
    this.baseDir = join(opts.dataDir, ADDONS_DIR, 'postgres');
    this.pgData = join(this.baseDir, 'data');
  }

  /** Why the last attempt to bring it up failed before its process could even start (a refused data dir…). */
  private failure: string | null = null;

  get state(): ServerState {
    if (this.failure !== null && this.server?.state !== 'up') return 'failed';
    return this.server?.state ?? 'stopped';
  }

  get detail(): string | null {
    return this.failure ?? this.server?.detail ?? null;
  }

  get port(): number | null {
    return this.opts.store.postgres.port;
  }

  get pid(): number | null {
    return this.server?.pid ?? null;
  }

  /** Initialise on first use, then start; resolves once it accepts logins. */
  ensureStarted(): Promise<void> {
    if (this.server?.state === 'up') return Promise.resolve();
    this.starting ??= this.bringUp().then(
      () => { this.failure = null; },
      (err: unknown) => {
        this.failure = err instanceof Error ? err.message : String(err);
        this.opts.onState('failed', this.failure);
        throw err;
      },
    ).finally(() => { this.starting = null; });
    return this.starting;
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    await this.server?.stop();
  }

  /** A login on this server (127.0.0.1, the saved port). */
  login(user: string, password: string, database: string): PgLogin {
    return { host: '127.0.0.1', port: this.port ?? 0, user, password, database };
  }

  /** Run `fn` on a superuser connection to the `postgres` database. */
  async admin<T>(fn: (conn: PgConnection) => Promise<T>): Promise<T> {
    await this.ensureStarted();
    const conn = await PgConnection.open(this.adminLogin());
    try {
      return await fn(conn);
    } finally {
      conn.close();
    }
  }

  private adminLogin(): PgLogin {
    return this.login(PG_ADMIN_USER, this.opts.store.postgres.adminPassword ?? '', 'postgres');
  }

  private async bringUp(): Promise<void> {
    const binaries = findPgBinaries();
    const runAs = postgresRunAs();
    const env = serverEnv(this.opts.env);
    mkdirSync(this.baseDir, { recursive: true, mode: 0o700 });
    if (runAs) {
      openForTraversal([this.opts.dataDir, join(this.opts.dataDir, ADDONS_DIR), this.baseDir]);
      assertTraversable(this.pgData, runAs);
    }
    let fresh = false;
    if (!existsSync(this.pgData)) {
      const adminPassword = this.opts.store.postgres.adminPassword ?? randomBytes(24).toString('base64url');
      // Saved first: a cluster whose superuser password we lost could never be administered again.
      this.opts.store.setPostgres({ ...this.opts.store.postgres, adminPassword });
      await initDataDir({ binaries, baseDir: this.baseDir, pgData: this.pgData, adminPassword, runAs, env });
      fresh = true;
    }
    checkDataDir(this.pgData, await binaryMajor(binaries, env), this.opts.store.postgres.adminPassword);
    this.server ??= this.createProcess(binaries, runAs, env);
    await this.server.start();
    if (fresh) {
      // Nobody but the superuser opens the maintenance databases: an add-on's role sees its own only.
      await this.admin(async (c) => {
        await c.query('REVOKE CONNECT, TEMPORARY ON DATABASE postgres FROM PUBLIC');
        await c.query('REVOKE CONNECT, TEMPORARY ON DATABASE template1 FROM PUBLIC');
      });
    }
    // At engine start the apps' variables must be right before their dynos start: wait for it.
    await this.portMove;
  }

  private createProcess(binaries: PgBinaries, runAs: RunAs | null, env: Record<string, string>): ServerProcess {
    return new ServerProcess({
      label: 'PostgreSQL',
      command: binaries.postgres,
      args: () => [
        '-D', this.pgData, '-p', String(this.port),
        '-c', 'listen_addresses=127.0.0.1',
        // No Unix socket: TCP with a password is the only way in, the same for every client.
        '-c', 'unix_socket_directories=',
        // {database} on lines from a session, so each line reaches the log of the app it concerns.
        '-c', 'log_line_prefix=%q{%d} ',
        '-c', 'logging_collector=off',
        '-c', 'log_destination=stderr',
      ],
      env,
      cwd: this.baseDir,
      ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
      stopSignal: 'SIGINT',
      recorder: this.opts.recorder,
      onLine: (line) => {
        if (line.includes('ready to accept connections')) this.saidReady = true;
        this.recent.push(line);
        if (this.recent.length > 20) this.recent.shift();
        this.opts.onLine(line);
      },
      prepare: async () => {
        this.saidReady = false;
        await this.settlePort();
        await clearStaleLock(this.pgData);
      },
      probe: (exited) => this.waitReady(exited),
      onState: (state, detail) => {
        const moved = this.movedTo;
        if (state === 'up' && moved !== null) {
          // Also after a restart on its own: every attached app learns the new port with a release.
          this.movedTo = null;
          this.portMove = this.opts.onPortMoved(moved).catch((err: unknown) => {
            this.opts.onLine(`Could not update the apps' variables for port ${moved}: ${err instanceof Error ? err.message : String(err)}`);
          });
        }
        this.opts.onState(state, detail);
      },
    });
  }

  /** The saved port, unless another program holds it now: then a new one, saved, and apps told once up. */
  private async settlePort(): Promise<void> {
    const saved = this.opts.store.postgres.port;
    if (saved !== null && await portIsFree(saved)) return;
    const port = await pickFreePort();
    this.opts.store.setPostgres({ ...this.opts.store.postgres, port });
    if (saved !== null) {
      this.opts.onLine(`Port ${saved} is in use by another program: PostgreSQL moves to port ${port}.`);
      this.movedTo = port;
    }
  }

  private async waitReady(exited: () => boolean): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    let knocked = Date.now();
    for (;;) {
      // Its own words first; a knock now and then still covers a server that logs differently.
      if (!this.saidReady && Date.now() - knocked < 1000) {
        if (exited()) throw new Error(`PostgreSQL exited while starting (data directory ${this.pgData}): ${this.recent.slice(-5).join(' | ')}`);
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      knocked = Date.now();
      if (exited()) throw new Error(`PostgreSQL exited while starting (data directory ${this.pgData}): ${this.recent.slice(-5).join(' | ')}`);
      try {
        const conn = await PgConnection.open({ ...this.adminLogin(), connectTimeoutMs: 2000 });
        conn.close();
        return;
      } catch (err) {
        const retry = err instanceof PgError ? err.sqlState === PG_STARTING_UP : true;
        if (!retry) throw new Error(`PostgreSQL at ${this.pgData} refused the engine's login: ${(err as Error).message}`);
        if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within ${START_TIMEOUT_MS / 1000} s: ${this.recent.slice(-3).join(' | ')}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The host's environment minus libpq's variables, which would point the server's tools elsewhere. */
function serverEnv(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (!k.startsWith('PG')) out[k] = v;
  // Untranslated messages: the engine reads one of them (ready to accept connections).
  out.LC_MESSAGES = 'C';
  return out;
}
