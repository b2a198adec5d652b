// `dynodesk serve` from a checkout: when the dashboard UI (dist/renderer) is missing or older than
// its sources, build it in the background with vite while the engine already runs, so the Dashboard
// URL works from a fresh clone without `npm start` first. The dashboard shows a "building" page
// meanwhile (ui-pages.ts). Where no build is possible, the status says exactly what to run.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { UiStatus } from './ui-pages.js';

export interface UiBuildOptions {
  /** The folder laid out like the repository: renderer/, vite.config.ts, node_modules/ in a checkout. */
  root: string;
  /** Where the built UI is served from (and built into). */
  rendererDir: string;
  /** vite's output goes here. */
  logFile: string;
  /** One line for serve's output when something happens ("Dashboard UI built"). */
  onLine: (line: string) => void;
  /** False: never build, only say what to run (DYNODESK_NO_UI_BUILD=1: test runs, CI). */
  allowBuild?: boolean;
}

export interface UiBuild {
  status(): UiStatus;
  /** Starts the build if one is needed. */
  start(): void;
  /** Stops a running build (and waiting for another process's build). */
  stop(): Promise<void>;
  /** True once the build has been started and has not finished. */
  readonly running: boolean;
}

// The same inputs, lock and command as the browser tests (e2e/support/renderer-build.ts), so a build
// either started is waited for, not repeated. `npm start` (scripts/start.mjs, plain JavaScript)
// checks the same inputs but builds in the foreground without this lock.
const SOURCES = ['renderer', 'shared', 'vite.config.ts'];
const LOCK_NAME = '.renderer-build.lock';
/** A lock left by a killed build is broken after this long. */
const LOCK_STALE_MS = 5 * 60_000;
const LOCK_POLL_MS = 500;
const STOP_GRACE_MS = 3000;

function newestMtime(path: string): number {
  let st;
  try { st = statSync(path); } catch { return 0; }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name !== 'node_modules' && !name.startsWith('.')) newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

/** True when `rendererDir` has no index.html, or one older than the UI's sources under `root`. */
export function uiIsStale(root: string, rendererDir: string): boolean {
  let builtAt: number;
  try { builtAt = statSync(join(rendererDir, 'index.html')).mtimeMs; } catch { return true; }
  return Math.max(...SOURCES.map((s) => newestMtime(join(root, s)))) > builtAt;
}

function viteScript(root: string): string {
  return join(root, 'node_modules', 'vite', 'bin', 'vite.js');
}

export function isCheckout(root: string): boolean {
  return existsSync(join(root, 'renderer', 'index.html')) && existsSync(join(root, 'vite.config.ts'));
}

/** Replace `target` with the freshly built `staging` folder (two renames; the old one is then removed). */
function swapIn(staging: string, target: string): void {
  const old = `${staging}.old`;
  const hadOld = existsSync(target);
  if (hadOld) renameSync(target, old);
  renameSync(staging, target);
  if (hadOld) rmSync(old, { recursive: true, force: true });
}

/** Decides what `serve` does about the UI; nothing runs until start(). */
export function planUiBuild(opts: UiBuildOptions): UiBuild {
  const indexExists = existsSync(join(opts.rendererDir, 'index.html'));
  const checkout = isCheckout(opts.root);
  const hasVite = existsSync(viteScript(opts.root));
  const canBuild = checkout && hasVite && opts.allowBuild !== false;
  const cannot = hasVite ? 'DYNODESK_NO_UI_BUILD=1 is set' : 'vite is not installed';
  const stale = checkout && uiIsStale(opts.root, opts.rendererDir);
  const fix = `Run \`npm install && npm run build:renderer\` in ${opts.root}.`;

  let status: UiStatus = { state: 'ready' };
  let note: string | null = null;
  if (!checkout && !indexExists) {
    status = {
      state: 'unavailable',
      reason: `This copy of Dynodesk has no built dashboard UI (${opts.rendererDir}).`,
      fix: 'Install the command line tool again from the desktop app (Install Command Line Tool… in its menu), or run `dynodesk serve` from a Dynodesk source checkout after `npm install`.',
    };
  } else if (stale && !canBuild) {
    // Vite is a dev dependency (an install without them cannot build the UI), or builds are switched off.
    if (indexExists) note = `The dashboard UI is older than its sources and is not rebuilt here (${cannot}). ${fix}`;
    else status = { state: 'unavailable', reason: `The dashboard UI is not built, and it is not built here (${cannot}).`, fix };
  } else if (stale) {
    status = { state: 'building', log: opts.logFile };
  }

  let child: ChildProcess | null = null;
  let exited: Promise<void> | null = null;
  let ownsLock = false;
  let pollTimer: NodeJS.Timeout | null = null;
  let stopped = false;
  const lock = join(dirname(opts.rendererDir), LOCK_NAME);
  // Built beside the served folder and swapped in when complete: a build stopped halfway (Ctrl-C)
  // or failed leaves the previous UI as it was.
  const staging = join(dirname(opts.rendererDir), `.${basename(opts.rendererDir)}.building-${process.pid}`);

  const releaseLock = (): void => {
    if (ownsLock) rmSync(lock, { recursive: true, force: true });
    ownsLock = false;
  };

  const finish = (next: UiStatus, line: string): void => {
    status = next;
    opts.onLine(line);
  };

  const tryLock = (): boolean => {
    mkdirSync(dirname(opts.rendererDir), { recursive: true });
    try {
      mkdirSync(lock);
      return true;
    } catch {
      try { if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true }); } catch { /* gone */ }
      return false;
    }
  };

  const runVite = (): void => {
    mkdirSync(dirname(opts.logFile), { recursive: true });
    const fd = openSync(opts.logFile, 'w');
    try {
      child = spawn(process.execPath, [viteScript(opts.root), 'build', '--logLevel', 'warn', '--outDir', staging, '--emptyOutDir'], {
        cwd: opts.root,
        stdio: ['ignore', fd, fd],
        // Its own process group: Ctrl-C in serve's terminal reaches serve, which stops the build (and vite's helpers) itself.
        detached: process.platform !== 'win32',
        windowsHide: true,
      });
    } finally {
      closeSync(fd);
    }
    const c = child;
    exited = new Promise<void>((resolve) => {
      c.once('error', (err) => {
        child = null;
        releaseLock();
        if (!stopped) finish({ state: 'unavailable', reason: `Could not start the dashboard UI build: ${err.message}.`, fix }, `Dashboard UI build could not start: ${err.message}. ${fix}`);
        resolve();
      });
      c.once('exit', (code) => {
        child = null;
        let swapError: string | null = null;
        if (code === 0 && !stopped) {
          try { swapIn(staging, opts.rendererDir); } catch (err) { swapError = err instanceof Error ? err.message : String(err); }
        }
        rmSync(staging, { recursive: true, force: true });
        releaseLock();
        if (stopped) { /* stop() asked for it */ } else if (code === 0 && swapError === null) finish({ state: 'ready' }, 'Dashboard UI built.');
        else {
          const why = swapError ?? `exit ${code ?? 'by signal'}; its output is in ${opts.logFile}`;
          finish({ state: 'unavailable', reason: `The dashboard UI build failed (${why}).`, fix }, `Dashboard UI build failed (${why}). ${fix}`);
        }
        resolve();
      });
    });
  };

  /** Build now, or wait for whoever holds the lock and then look again. */
  const attempt = (): void => {
    pollTimer = null;
    if (stopped) return;
    if (!uiIsStale(opts.root, opts.rendererDir)) {
      finish({ state: 'ready' }, 'Dashboard UI built.');
      return;
    }
    if (tryLock()) {
      ownsLock = true;
      runVite();
    } else {
      pollTimer = setTimeout(attempt, LOCK_POLL_MS);
    }
  };

  return {
    status: () => status,
    get running() { return child !== null || pollTimer !== null; },
    start() {
      if (note) opts.onLine(note);
      if (status.state !== 'building') return;
      opts.onLine(`Building the dashboard UI in the background (output: ${opts.logFile})…`);
      attempt();
    },
    async stop() {
      stopped = true;
      if (pollTimer) clearTimeout(pollTimer);
      pollTimer = null;
      const c = child as ChildProcess | null;
      if (c?.pid !== undefined && c.exitCode === null) {
        const kill = (signal: NodeJS.Signals): void => {
          try {
            if (process.platform === 'win32') c.kill(signal);
            else process.kill(-(c.pid as number), signal);
          } catch { /* already gone */ }
        };
        kill('SIGTERM');
        const timer = setTimeout(() => kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      releaseLock();
    },
  };
}
