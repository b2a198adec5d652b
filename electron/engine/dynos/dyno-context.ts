// What every app's dynos share: hooks, timing options, the port allocator and the process scanner.
import type { ProcessScanner } from '../metrics/process-scanner.js';
import type { PortAllocator } from './port-allocator.js';
import type { RestartPolicyConfig } from './restart-policy.js';
import type { SupervisorHooks } from './types.js';

export interface DynoContext {
  hooks: SupervisorHooks;
  bootTimeoutMs: number;
  graceMs: number;
  policy: RestartPolicyConfig;
  /** [0, 1); injectable so backoff jitter is reproducible in tests. */
  random(): number;
  ports: PortAllocator;
  scanner: ProcessScanner;
  /** The containment helper dynos run under (containment.ts), or null where there is none. */
  reaper: string | null;
  /** The set of dyno processes changed: rewrite dynos.json (debounced). */
  recordChanged(): void;
}

/** A hook that throws must not take the supervisor down with it. */
export function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // Hooks belong to the engine; their failures are theirs to log.
  }
}
