// Runs one shell command to completion for the build and the release phase, streaming its
// output line by line. Contained (containment.ts), it runs under the reaper, so finishing, being
// cancelled or losing its engine takes down everything it started, daemons included; otherwise it
// gets its own process group, which catches all but those. Either way it is in the orphan record
// while it runs, for the next engine to sweep should this one die.
import { spawn } from 'node:child_process';
import { containedInvocation, findReaper, REAPER_EXIT_WAIT_MS, requestReaperKill } from '../dynos/containment.js';
import type { ProcessRecorder } from '../dynos/run-recorder.js';
import { createLineSplitter } from './line-splitter.js';
import { shellInvocation } from '../platform-shell.js';

export interface RunShellOptions {
  cwd: string;
  env: Record<string, string>;
  onLine: (line: string) => void;
  signal?: AbortSignal;
  /** Records the command's process in the engine's orphan record while it runs. */
  recorder?: ProcessRecorder;
}

export interface RunShellOutcome {
  /** Exit code, or null if killed by a signal or never started. */
  code: number | null;
  signal: NodeJS.Signals | null;
  aborted: boolean;
  /** Set when the shell could not be started at all (e.g. the cwd vanished). */
  spawnError: Error | null;
  /** The last lines of output, for error messages. */
  tail: string[];
}

const TAIL_LINES = 20;
/** After the command exits, how long stdout/stderr may stay open (a stray grandchild holding them). */
const CLOSE_WAIT_MS = 2000;
/** SIGTERM → SIGKILL when cancelling. */
const ABORT_GRACE_MS = 3000;

export function runShell(command: string, opts: RunShellOptions): Promise<RunShellOutcome> {
  const tail: string[] = [];
  const onLine = (line: string): void => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    opts.onLine(line);
  };
  if (opts.signal?.aborted) {
    return Promise.resolve({ code: null, signal: null, aborted: true, spawnError: null, tail });
  }
  const shell = shellInvocation(command);
  const reaper = findReaper();
  const run = reaper !== null ? containedInvocation(reaper, shell) : shell;
  const child = spawn(run.file, run.args, {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
    windowsHide: true,
    windowsVerbatimArguments: run.windowsVerbatimArguments,
  });
  // Under the reaper nothing escapes the command, so its tree needs no every-second tracking.
  const unrecord = child.pid !== undefined && opts.recorder ? opts.recorder.started(child.pid, { tracked: reaper === null }) : () => undefined;
  const out = createLineSplitter(onLine);
  const err = createLineSplitter(onLine);
  child.stdout.on('data', (chunk: Buffer) => out.write(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.write(chunk));

  return new Promise((resolve) => {
    let aborted = false;
    let spawnError: Error | null = null;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let killTimer: NodeJS.Timeout | null = null;
    let closeTimer: NodeJS.Timeout | null = null;
    let settled = false;

    const finish = (): void => {
      if (settled) return;
      settled = true;
      if (killTimer) clearTimeout(killTimer);
      if (closeTimer) clearTimeout(closeTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      unrecord();
      out.end();
      err.end();
      resolve({ code: exit?.code ?? null, signal: exit?.signal ?? null, aborted, spawnError, tail });
    };
    const onAbort = (): void => {
      if (exit || aborted) return;
      aborted = true;
      // Contained, this reaches the reaper alone (the command has a group of its own), which passes it on.
      killTree(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => {
        // SIGKILLed at once, the reaper would orphan what it holds: it is asked to kill everything first.
        if (reaper === null || exit || child.pid === undefined || !requestReaperKill(child.pid)) {
          killTree(child.pid, 'SIGKILL');
          return;
        }
        killTimer = setTimeout(() => killTree(child.pid, 'SIGKILL'), REAPER_EXIT_WAIT_MS);
      }, ABORT_GRACE_MS);
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    child.on('error', (e) => {
      spawnError = e;
      if (child.pid === undefined) finish();
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // Nothing left to escalate against, and the pid is no longer ours to signal.
      if (killTimer) clearTimeout(killTimer);
      killTimer = null;
      // Whatever the command left running in its group is not part of a build: clean it up. (The
      // reaper has done so already. POSIX only: on Windows the pid may be reused once it has exited.)
      if (process.platform !== 'win32' && reaper === null) killTree(child.pid, 'SIGKILL');
      closeTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish();
      }, CLOSE_WAIT_MS);
    });
    child.on('close', () => {
      if (exit) finish();
    });
  });
}

/** Signal the command's whole process group (POSIX) or process tree (Windows). */
export function killTree(pid: number | undefined, sig: NodeJS.Signals): void {
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    // taskkill /T walks the tree; there is no process group to signal.
    const k = spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    k.on('error', () => undefined);
    return;
  }
  try {
    process.kill(-pid, sig);
  } catch {
    // The group is already gone.
  }
}
