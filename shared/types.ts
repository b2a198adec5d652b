// DTOs that cross every door (IPC, dashboard WebSocket, control socket). Plain JSON only.

export type DynoState = 'starting' | 'up' | 'crashed' | 'stopping' | 'down';

export type BalancingAlgorithm = 'round-robin' | 'least-connections' | 'random' | 'power-of-two';

export interface AppSettings {
  algorithm: BalancingAlgorithm;
  maintenance: boolean;
  memoryQuotaMb: number;
  maxBodyBytes: number;
}

/** Summary state of an app, derived from its dynos. */
export type AppState = 'up' | 'starting' | 'crashed' | 'stopped' | 'deploying';

export interface AppDTO {
  name: string;
  path: string;
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
}

export interface ReleaseDTO {
  version: number;
  description: string;
  createdAt: string;
}

export interface AppInfoDTO extends AppDTO {
  releases: ReleaseDTO[];
  configKeys: string[];
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

export interface CommandError {
  message: string;
  /** machine-readable: 'not_found', 'invalid', 'conflict', 'failed', 'no_engine' */
  code: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: CommandError };
