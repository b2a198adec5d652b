// The contract between the engine and the dyno supervisor.
import type { DynoDTO } from '../../../shared/types.js';

/** What a set of dynos run: one release of an app. */
export interface ProcessRelease {
  version: number;
  cwd: string;
  /** Full environment for dynos, minus PORT/DYNO/PS which the supervisor adds. */
  env: Record<string, string>;
  /** type → shell command */
  commands: Record<string, string>;
  /** Memory quota for R14, in MB. */
  memoryQuotaMb: number;
}

export interface SupervisorHooks {
  /** Something about an app's dynos changed (state, pid, restarts, metrics). The engine coalesces. */
  dynosChanged(app: string): void;
  /** Raw pty output of a dyno (ANSI included). */
  output(app: string, dyno: string, data: string): void;
  /** A lifecycle line for the app's log: `dynodesk[web.1]: State changed from starting to up`. */
  lifecycle(app: string, dyno: string, text: string): void;
  /** A dyno exited unexpectedly. */
  crashed(app: string, dyno: string, exitCode: number | null): void;
  /** Called before a web dyno is stopped: the router takes it out of rotation and drains it. */
  beforeStop(app: string, dyno: string): Promise<void>;
  /** Some dyno changed state: the router's table may have to change (unchanged tables are not sent). */
  routingChanged(app: string): void;
  /**
   * A guarded roll stopped because a replacement crashed or timed out; the old web dynos keep
   * serving. `message`: "release v5 failed: web.1 crashed during boot (exit 127); still serving v4".
   */
  rolloutStopped(app: string, message: string): void;
}

export interface SupervisorOptions {
  /** Where dyno pids/start times are persisted for the orphan sweep. */
  dataDir: string;
  bootTimeoutMs: number;
  graceMs: number;
  hooks: SupervisorHooks;
}

export interface TerminalSink {
  /** Batched pty output for one subscriber (≤ 16 ms or 64 KB per call). */
  data(data: string): void;
  exit(exitCode: number | null): void;
}

export interface TerminalSubscription {
  scrollback: string;
  cols: number;
  rows: number;
  /** The subscriber has written `bytes` more bytes to its screen. */
  ack(bytes: number): void;
  close(): void;
}

export type { DynoDTO };
