// Messages between the engine's main thread (handle.ts) and the router worker (worker.ts).
import type { AppStats } from '../../../shared/types.js';
import type { RouteApp } from './types.js';

/** Passed as workerData. */
export interface WorkerInit {
  host: string;
  port: number;
  requestTimeoutMs: number;
  bootTimeoutMs: number;
  headersTimeoutMs: number;
  idleTimeoutMs: number;
  forbiddenPorts: number[];
  upstreamHost: string;
}

export type ToWorker =
  | { t: 'table'; id: number; apps: RouteApp[] }
  | { t: 'drain'; id: number; app: string; dyno: string; timeoutMs: number }
  | { t: 'stop'; id: number };

/**
 * Log lines travel as one joined string per batch (one cheap copy instead of thousands of cloned
 * objects); router lines never contain a newline.
 */
export interface LogBatch {
  t: 'logs';
  apps: string[];
  times: number[];
  texts: string;
}

export type FromWorker =
  | { t: 'ready'; port: number }
  | { t: 'fatal'; message: string; code: string }
  | { t: 'done'; id: number }
  | { t: 'stats'; app: string; stats: AppStats }
  | { t: 'stats-gone'; app: string }
  | LogBatch;
