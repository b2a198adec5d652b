import type { AppSettings } from './types.js';

export const DEFAULT_ROUTER_PORT = 7400;
/** The router's HTTPS port (https://<app>.localhost:7443). */
export const DEFAULT_TLS_PORT = 7443;
export const DEFAULT_BOOT_TIMEOUT_S = 60;
export const DEFAULT_REQUEST_TIMEOUT_S = 30;
/** Heroku's rolling window: a response (or WebSocket) with no bytes for this long is cut off. */
export const DEFAULT_IDLE_TIMEOUT_S = 55;
/** Client connections the router holds at once; near it, the idlest keep-alive ones are closed first. */
export const DEFAULT_MAX_CONNECTIONS = 10_000;
/** Between SIGTERM and SIGKILL when a dyno stops: Heroku's 30 s. */
export const DEFAULT_GRACE_S = 30;

/** Slider range in the UI; the engine enforces MAX_DYNOS_PER_TYPE and MAX_DYNOS_PER_APP. */
export const SLIDER_MAX = 10;
export const MAX_DYNOS_PER_TYPE = 100;
/** Total across all process types of one app: a local machine runs out of cores long before this. */
export const MAX_DYNOS_PER_APP = 100;

export const DEFAULT_APP_SETTINGS: AppSettings = {
  algorithm: 'round-robin',
  maintenance: false,
  memoryQuotaMb: 512,
  maxBodyBytes: 100 * 1024 * 1024 * 1024,
  autodeploy: false,
  httpSessionAffinity: false,
};

export const LOG_RING_LINES = 10_000;
export const TERMINAL_SCROLLBACK_BYTES = 256 * 1024;
/** Terminal batches: flush after this many ms or bytes, whichever comes first. */
export const TERMINAL_BATCH_MS = 16;
export const TERMINAL_BATCH_BYTES = 64 * 1024;
/** Unacknowledged terminal bytes above which a pty is paused, and below which it resumes. */
export const TERMINAL_HIGH_WATERMARK = 512 * 1024;
export const TERMINAL_LOW_WATERMARK = 64 * 1024;
/** Stats pushes per second at most. */
export const STATS_PUSH_HZ = 4;
