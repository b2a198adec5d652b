// Messages between the engine's main thread (handle.ts) and the router worker (worker.ts).
import type { AppStats } from '../../../shared/types.js';
import type { RouteApp, RouterListening, TlsInit } from './types.js';

/** Passed as workerData. */
export interface WorkerInit {
  host: string;
  port: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  bootTimeoutMs: number;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
  forbiddenPorts: number[];
  upstreamHost: string;
  /** Local HTTPS (tls-listener.ts); null: off */
  tls?: TlsInit | null;
}

export type ToWorker =
  | { t: 'table'; id: number; apps: RouteApp[] }
  | { t: 'drain'; id: number; app: string; dyno: string; timeoutMs: number }
  | { t: 'stop'; id: number }
  /** Rebind every listening socket to another address (LAN access on/off); answered 'done' or 'failed'. */
  | { t: 'host'; id: number; host: string }
  | { t: 'listening'; id: number };

/** Router log lines, packed (see log-batch.ts); the buffers are transferred. */
export interface LogBatch {
  t: 'logs';
  bytes: Uint8Array;
  times: Float64Array;
}

export type FromWorker =
  /** tlsPort: the HTTPS port bound (null: off, tlsProblem says why if it was asked for) */
  | { t: 'ready'; port: number; tlsPort: number | null; tlsProblem: string | null }
  | { t: 'fatal'; message: string; code: string }
  | { t: 'done'; id: number }
  /** A request that could not be carried out; `port` names the port that could not be bound, if any. */
  | { t: 'failed'; id: number; message: string; code: string; port?: number }
  | { t: 'listening'; id: number; listening: RouterListening }
  | { t: 'stats'; app: string; stats: AppStats }
  | { t: 'stats-gone'; app: string }
  | LogBatch;
