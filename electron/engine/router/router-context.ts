// What connections and exchanges need from the router core (kept as an interface so the pieces can be
// read, and tested, one at a time).
import type { ParseLimits } from './http-head.js';
import type { RoutingTable } from './routing-table.js';
import type { RouterStats } from './stats.js';

/** Something the sweeper checks for deadlines (timeouts of requests and of client connections). */
export interface Expirable {
  expire(now: number): void;
}

export interface RouterContext {
  readonly limits: ParseLimits;
  /** from the whole request sent to the response's first byte (H12) */
  readonly requestTimeoutMs: number;
  /** rolling window once the response started, while a body uploads, and for tunnels */
  readonly idleTimeoutMs: number;
  readonly bootTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** a request head must arrive within this (408) */
  readonly headersTimeoutMs: number;
  /** idle keep-alive client connections are closed after this */
  readonly keepAliveTimeoutMs: number;
  /** where dynos listen */
  readonly upstreamHost: string;
  readonly table: RoutingTable;
  readonly stats: RouterStats;
  /** open client connections, swept every SWEEP_MS while not empty */
  readonly timed: Set<Expirable>;
  /** open WebSocket tunnels, closed on stop */
  readonly tunnels: Set<{ close(): void }>;
  /** LAN access is on: app ports also answer this machine's LAN addresses */
  lanAddresses(): ReadonlySet<string> | null;
  /** time: epoch ms of the event (default now) */
  log(app: string, text: string, time?: number): void;
}

export const SWEEP_MS = 100;
