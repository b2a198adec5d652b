// Containment: on Linux every dyno, build step and release command runs under native/dyno-reaper,
// a child subreaper, so nothing it starts can outlive it — not even a double-forked daemon that
// calls setsid, which process snapshots cannot follow. Where the helper is missing (not built,
// macOS, Windows) the supervisor falls back to tracking process trees.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What `dyno-reaper --check` prints when it can contain; a stale binary of an older protocol is not used. */
const PROTOCOL = 'dyno-reaper 1';
/** Sent by the engine (its parent) once the grace is over: the reaper kills every descendant, then exits. */
export const REAPER_KILL_SIGNAL: NodeJS.Signals = 'SIGUSR2';
/** How long a reaper asked to kill everything may take before the engine SIGKILLs what it knows. */
export const REAPER_EXIT_WAIT_MS = 2000;
/** Set to 1 to run without the helper (debugging, and the tests of the fallback). */
export const NO_REAPER_ENV = 'DYNODESK_NO_REAPER';

export interface Invocation {
  file: string;
  args: string[];
}

let found: { path: string | null; reason: string | null } | null = null;

/** Where the helper is built; in a packaged app, unpacked next to app.asar (a program cannot run from inside it). */
export function reaperPath(): string {
  const inSource = fileURLToPath(new URL('../../../native/bin/dyno-reaper', import.meta.url));
  return inSource.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/**
 * The helper's path if it can contain processes here, else null. Checked once per engine process by
 * running it (~2 ms): a missing, foreign-architecture or seccomp-blocked helper must not break dynos.
 */
export function findReaper(): string | null {
  found ??= probe();
  return found.path;
}

/** Why there is no containment on this Linux machine; null when there is, when it was turned off, and off Linux. */
export function reaperUnavailableReason(): string | null {
  found ??= probe();
  return found.reason;
}

function probe(): { path: string | null; reason: string | null } {
  if (process.platform !== 'linux') return { path: null, reason: null };
  if (process.env[NO_REAPER_ENV] === '1') return { path: null, reason: null };
  const path = reaperPath();
  const r = spawnSync(path, ['--check'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status === 0 && r.stdout.trim() === PROTOCOL) return { path, reason: null };
  const why = r.error
    ? ((r.error as NodeJS.ErrnoException).code === 'ENOENT' ? `${path} is missing (run \`node scripts/build-reaper.mjs\`)` : r.error.message)
    : (r.stdout.trim() || `exit status ${String(r.status)}`);
  // Told once per engine start (Engine.open warns with it): a property of the machine, not of an app.
  return { path: null, reason: `Dynos are not contained (${why}): a process a dyno starts in a session of its own may outlive it.` };
}

/** The same command, run under the helper. */
export function containedInvocation<T extends Invocation>(reaper: string, inv: T): T {
  return { ...inv, file: reaper, args: [inv.file, ...inv.args] };
}

/** Ask a reaper we started to kill everything it holds and exit; false if it is already gone. */
export function requestReaperKill(pid: number): boolean {
  try {
    process.kill(pid, REAPER_KILL_SIGNAL);
    return true;
  } catch {
    return false;
  }
}

/**
 * The command a reaper runs: its oldest child (the kernel lists children in the order they became
 * ours, and adopted orphans only ever come later). Null until the reaper has forked it.
 */
export function commandPidOf(reaperPid: number): number | null {
  try {
    const first = readFileSync(`/proc/${reaperPid}/task/${reaperPid}/children`, 'latin1').trim().split(' ', 1)[0];
    const pid = Number(first);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
