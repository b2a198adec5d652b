// The contract between the engine (main thread) and the router (worker thread).
import type { AppSettings, AppStats, DynoState } from '../../../shared/types.js';

export interface RouterOptions {
  /** Shared port for host-routed traffic (`<app>.localhost:<port>`). 0 = any free port (tests). */
  port: number;
  /** 127.0.0.1 unless the user opted in to LAN access ('0.0.0.0'). */
  host: string;
  /** Heroku's 30 s: from the moment the whole request has been sent until the response's first byte (H12). */
  requestTimeoutMs: number;
  /** Heroku's 55 s rolling window once the response has started, and for WebSockets (default 55 s). */
  idleTimeoutMs?: number;
  bootTimeoutMs: number;
  /** Client connections held at once (default 10,000); near it the idlest keep-alive ones are closed. */
  maxConnections?: number;
  /** Ports the router must never forward to (dashboard, anything of the engine's own). */
  forbiddenPorts: number[];
  /** Bundled builds (Electron) pass the compiled worker file; from source the router finds its own. */
  workerPath?: string;
  /** Local HTTPS on a loopback port with certificates from the local CA (see tls-listener.ts); absent: off. */
  tls?: TlsInit;
}

/** What the worker needs to serve HTTPS (part of WorkerInit; tls-listener.ts serves it). */
export interface TlsInit {
  /** 0 = any free port */
  port: number;
  /** true for the default port: if it is taken, HTTPS stays off with a warning instead of failing the router */
  optional: boolean;
  caCertPem: string;
  caKeyPem: string;
}

export interface RouteDyno {
  /** "web.1" */
  name: string;
  /** null while the slot has no process (crashed, waiting to restart): listed for its state only */
  port: number | null;
  state: DynoState;
}

export interface RouteApp {
  name: string;
  /** The app's own listening port (stable, persisted by the engine). 0 = none. */
  port: number;
  settings: AppSettings;
  /** Web dynos only, in every state (so the router can tell H10 from H14 from H20). Only `up` ones get requests. */
  dynos: RouteDyno[];
  /** Web dynos the formation asks for (default: as many as are listed); H14 only when it is 0. */
  webQuantity?: number;
}

/** One request's log line, without the timestamp/prefix: the engine adds `<time> dynodesk[router]: `. */
export interface RouterLogLine {
  app: string;
  /** epoch ms */
  time: number;
  text: string;
}

/** Where the router is listening right now (diagnostics, and what LAN access reports). */
export interface RouterListening {
  /** '127.0.0.1', or '0.0.0.0' with LAN access on */
  host: string;
  /** the shared host-routed port */
  shared: number;
  /** app ports that are open (sorted); an app port that could not be opened is missing */
  apps: number[];
}

export interface RouterHandle {
  /** The shared port actually bound. */
  readonly port: number;
  /** The HTTPS port bound (loopback), or null when HTTPS is off. */
  readonly tlsPort: number | null;
  /** Why HTTPS is off although it was asked for (its default port was taken), or null. */
  readonly tlsProblem: string | null;
  /** Replace the whole routing table; app ports are opened/closed to match. */
  setTable(apps: RouteApp[]): Promise<void>;
  /**
   * Take a dyno out of rotation (if it isn't already) and resolve when its in-flight requests
   * and proxied WebSockets have finished, or after timeoutMs.
   */
  drain(app: string, dyno: string, timeoutMs: number): Promise<void>;
  /** Latest aggregated stats (refreshed by the worker at most 4 times a second). */
  stats(app: string): AppStats;
  onStats(listener: (app: string, stats: AppStats) => void): () => void;
  onLog(listener: (lines: RouterLogLine[]) => void): () => void;
  /** The address the listening sockets are bound to now. */
  readonly host: string;
  /**
   * Move every listening socket (shared port and app ports, same numbers) to `host`, e.g. '0.0.0.0'
   * for LAN access. Accepted connections are kept. If any port cannot be bound, the router goes back
   * to the previous address and this rejects with a UserError naming the port.
   */
  setHost(host: string): Promise<void>;
  /** Where the router is listening right now, as the worker sees it. */
  listening(): Promise<RouterListening>;
  stop(): Promise<void>;
}
