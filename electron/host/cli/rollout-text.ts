// How the CLI reports a release whose roll stopped: the command still succeeded (the release is
// recorded, as on Heroku), so it is a warning on stderr, and `info` shows what serves instead.
import type { AppDTO } from '../../../shared/types.js';
import type { Io } from './context.js';

/** Print the engine's warning, if any, on stderr: stdout stays the command's result. */
export function warnIfRolloutStopped(io: Io, warning: string | null): void {
  if (warning) io.err(`Warning: ${warning}`);
}

/** "v5", or "v5 (failed: web.1 crashed during boot (exit 127); serving v4)" for `info`. */
export function releaseText(app: AppDTO): string {
  const s = app.releaseStatus;
  if (!s || s.version !== app.release || s.status === 'succeeded') return `v${app.release}`;
  if (s.status === 'failed') return `v${app.release} (failed: ${s.reason ?? 'unknown reason'}; serving v${s.serving ?? '?'})`;
  return s.serving !== null ? `v${app.release} (rolling out; v${s.serving} serves until it is up)` : `v${app.release} (starting)`;
}
