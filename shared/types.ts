// DTOs that cross every door (IPC, dashboard WebSocket, control socket). Plain JSON only.

export type DynoState = 'starting' | 'up' | 'crashed' | 'stopping' | 'down';

export type BalancingAlgorithm = 'round-robin' | 'least-connections' | 'random' | 'power-of-two';

export interface AppSettings {
  algorithm: BalancingAlgorithm;
  maintenance: boolean;
  memoryQuotaMb: number;
  maxBodyBytes: number;
  /** Deploy the app's folder again when its files change (the autodeploy watcher). Off by default. */
  autodeploy: boolean;
  /**
   * Heroku's http-session-affinity feature: the router pins a client to the web dyno that first
   * answered it, through a router cookie, falling back to balancing when that dyno is gone. Off by default.
   */
  httpSessionAffinity: boolean;
}

/**
 * How a release's rollout went. `pending`: its web dynos are not all up yet; `succeeded`: they
 * were; `failed`: a replacement crashed or timed out, so the roll stopped and the previous release
 * kept serving.
 */
export type ReleaseStatus = 'pending' | 'succeeded' | 'failed';

export interface ReleaseStatusDTO {
  version: number;
  status: ReleaseStatus;
  /** Why it failed ("web.1 crashed during boot (exit 127)"); null unless failed. */
  reason: string | null;
  /** The release the web dynos serve meanwhile: the previous one while pending or failed, null when none was up. */
  serving: number | null;
}

/** Summary state of an app, derived from its dynos. */
export type AppState = 'up' | 'starting' | 'crashed' | 'stopped' | 'deploying';

export interface AppDTO {
  name: string;
  /** The folder the app deploys from; null for an app made by `create` that is deployed by git push. */
  path: string | null;
  /** http://<name>.localhost:<routerPort> */
  url: string;
  /** The app's own stable router port, for clients that cannot send a Host header. */
  port: number;
  formation: Record<string, number>;
  processTypes: string[];
  /** Process type → command, from the current release. */
  commands: Record<string, string>;
  state: AppState;
  release: number;
  buildpack: string;
  settings: AppSettings;
  dynoCount: number;
  /** The latest release's rollout; null before the first release starts. */
  releaseStatus: ReleaseStatusDTO | null;
}

/** Where a release came from: a deploy of a folder or a pushed commit, a config or add-on change, a rollback. */
export type ReleaseSource = 'folder' | 'git' | 'config' | 'addon' | 'rollback';

export interface ReleaseDTO {
  version: number;
  description: string;
  createdAt: string;
  /** The release the app is on now (the newest one; while it is pending or failed, the web dynos may still serve an older one). */
  current: boolean;
  status: ReleaseStatus;
  source: ReleaseSource;
  /** The pushed commit's sha (git releases, and releases that reuse a git release's slug). */
  commit?: string;
  /** Its slug is still kept, so `releases.rollback` can return to it. */
  restorable: boolean;
}

export interface AppInfoDTO extends AppDTO {
  releases: ReleaseDTO[];
  configKeys: string[];
  /** Bytes of every slug the app keeps (a file shared by several slugs counts once per slug). */
  slugBytes: number;
  /** Bytes of the app's build cache (dependencies restored into the next build). */
  cacheBytes: number;
  /** `git push` URL of the app's bare repository (its absolute path); null before one exists. */
  gitRemote: string | null;
}

export interface DynoDTO {
  /** "web.1", "run.1" */
  name: string;
  type: string;
  state: DynoState;
  pid: number | null;
  port: number | null;
  restarts: number;
  /** epoch ms of the current generation's start, null when not running */
  startedAt: number | null;
  command: string;
  exitCode: number | null;
  cpuPercent: number | null;
  memoryBytes: number | null;
  oneOff: boolean;
  /** The release this dyno runs (during a roll or after a failed one, not necessarily the latest); null when not running. */
  release: number | null;
  /** A `crashed` dyno's next restart (epoch ms): crashed dynos are always restarted, after a growing cool-off. Else null. */
  restartAt: number | null;
}

export type LogSource = 'app' | 'dynodesk';

export interface LogLine {
  /** ISO 8601 with microseconds and +00:00, as Heroku prints */
  time: string;
  source: LogSource;
  /** "web.1", "router", "build", "api" */
  dyno: string;
  text: string;
}

export interface StatusClasses {
  '2xx': number;
  '3xx': number;
  '4xx': number;
  '5xx': number;
}

export interface LatencyMs {
  p50: number;
  p95: number;
  p99: number;
}

export interface RpsWindows {
  '1s': number;
  '10s': number;
  '60s': number;
}

export interface DynoStats {
  requests: number;
  rps: RpsWindows;
  statuses: StatusClasses;
  latencyMs: LatencyMs;
  bytesIn: number;
  bytesOut: number;
  openConnections: number;
  /** fraction 0..1 of the app's requests in the last 60 s that this dyno served */
  share: number;
}

export interface AppStats {
  requests: number;
  rps: RpsWindows;
  statuses: StatusClasses;
  latencyMs: LatencyMs;
  bytesIn: number;
  bytesOut: number;
  openConnections: number;
  dynos: Record<string, DynoStats>;
}

export type DeployStep = 'detect' | 'build' | 'release' | 'start';

export interface EngineInfo {
  version: string;
  routerPort: number;
  dashboardUrl: string | null;
  dataDir: string;
  platform: string;
  /** A bundled sample app folder the UI can offer to deploy ("Try a sample app"), if this install has one. */
  samplePath: string | null;
  /** True while the router listens on every network interface (0.0.0.0), not only on this machine (127.0.0.1). */
  lanAccess: boolean;
  /** LAN access was forced on for this run (`dynodesk serve --lan`): it cannot be turned off until the engine restarts. */
  lanForced: boolean;
  /** This machine's non-internal IPv4 addresses: other devices reach an app at http://<address>:<app port>. */
  lanAddresses: string[];
}

/** An app.json `required` config var with no value yet: what a deploy form asks for. */
export interface RequiredConfigVar {
  name: string;
  /** app.json's `description`, if it has one */
  description: string | null;
}

export type AddonServiceName = 'heroku-postgresql' | 'heroku-redis';

/**
 * `provisioning`: being created, or its server is starting; `available`: serving; `stopped`: its
 * server is not running (engine stopping); `failed`: its server crashed or could not start (detail says why).
 */
export type AddonState = 'provisioning' | 'available' | 'stopped' | 'failed';

export interface AddonDTO {
  /** "postgresql-shaped-12345": unique across the engine. */
  name: string;
  service: AddonServiceName;
  app: string;
  /** DATABASE_URL, REDIS_URL, or NAME_URL for --as NAME. */
  configVar: string;
  state: AddonState;
  /** The server's port on 127.0.0.1. */
  port: number | null;
  /** What followed the colon in heroku-postgresql:<plan>, or null. */
  plan: string | null;
  createdAt: string;
  /** Why it is failed (or what is happening), else null. */
  detail: string | null;
}

export interface AddonInfoDTO extends AddonDTO {
  /** The attachment's URL with the password masked (the real one is the app's config var). */
  maskedUrl: string;
  /** Size of its data on disk (Postgres: the database; Redis: its folder), null when unknown. */
  diskBytes: number | null;
  /** Postgres: its database and role names; null for Redis. */
  database: string | null;
  /** Where its data lives on this machine. */
  dataPath: string;
}

export interface PgInfoDTO extends AddonInfoDTO {
  /** The server's version, e.g. "17.10". */
  version: string;
  connections: number;
}

export interface CommandError {
  message: string;
  /** machine-readable: 'not_found', 'invalid', 'conflict', 'failed', 'no_engine' */
  code: string;
  /**
   * apps.deploy only: app.json requires these config vars and nothing gives them a value. Deploying
   * again with them in `env` gets past this (a UI can ask for them instead of parsing the message).
   */
  missingConfig?: RequiredConfigVar[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: CommandError };
