// What connections and exchanges need from the router core (kept as an interface so the pieces can be
// read, and tested, one at a time).
import type { ParseLimits } from './http-head.js';
import type { RequestLogFields } from './log-format.js';
import type { RoutingTable } from './routing-table.js';
import type { RouterStats } from './stats.js';

/** Something the sweeper checks for deadlines (H12, H20, header timeouts). */
export interface Expirable {
  expire(now: number): void;
}

export interface RouterContext {
  readonly limits: ParseLimits;
  readonly requestTimeoutMs: number;
  readonly bootTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly idleTimeoutMs: number;
  /** where dynos listen */
  readonly upstreamHost: string;
  readonly table: RoutingTable;
  readonly stats: RouterStats;
  /** in-flight exchanges and open client connections, swept every SWEEP_MS while not empty */
  readonly timed: Set<Expirable>;
  /** open WebSocket tunnels, closed on stop */
  readonly tunnels: Set<{ close(): void }>;
  /** time: epoch ms of the event (default now) */
  log(app: string, text: string, time?: number): void;
  /** A request's router log line (time: epoch ms), written at once: `fields` is not kept (callers reuse it) */
  logRequest(app: string, fields: RequestLogFields, time: number): void;
}

export const SWEEP_MS = 100;
