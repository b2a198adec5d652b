// Run one program (no shell) and collect its output, for the build's own short questions and
// downloads (`npm view`, `npm pack`, `tar`, `python --version`). Unlike build steps, nothing here
// is streamed to the user: the caller reads stdout. Each run is bounded by a timeout and the
// build's AbortSignal, so nothing it starts outlives the build that asked.
import { execFile } from 'node:child_process';
import type { ProcessRecorder } from '../dynos/run-recorder.js';

export interface CapturedRun {
  stdout: string;
  stderr: string;
  /** Why the run failed (non-zero exit, timeout, could not start, cancelled), or null on success. */
  failure: string | null;
}

/** Who owns the processes a build step starts: its cancel signal, and the engine's orphan record. */
export interface ProcessOwner {
  signal?: AbortSignal;
  /** A download cut off by an engine crash is swept by the next engine. */
  recorder?: ProcessRecorder;
}

export interface CapturedOptions extends ProcessOwner {
  cwd?: string;
  env: Record<string, string>;
  timeoutMs: number;
}

export function runCaptured(file: string, args: string[], opts: CapturedOptions): Promise<CapturedRun> {
  return new Promise((resolve) => {
    let finished: (() => void) | null = null;
    const child = execFile(file, args, {
      cwd: opts.cwd,
      env: opts.env,
      timeout: opts.timeoutMs,
      killSignal: 'SIGKILL',
      maxBuffer: 16 * 1024 * 1024,
      windowsHide: true,
      encoding: 'utf8',
      signal: opts.signal,
    }, (err, stdout, stderr) => {
      finished?.();
      resolve({ stdout, stderr, failure: err ? describeFailure(err, opts.timeoutMs) : null });
    });
    if (opts.recorder && child.pid !== undefined) finished = opts.recorder.started(child.pid);
  });
}

function describeFailure(err: Error & { code?: unknown; killed?: boolean; signal?: unknown }, timeoutMs: number): string {
  if (err.name === 'AbortError') return 'was cancelled';
  if (err.killed && err.signal === 'SIGKILL') return `timed out after ${Math.round(timeoutMs / 1000)} s`;
  if (typeof err.code === 'number') return `exited with code ${err.code}`;
  if (typeof err.code === 'string') return `could not start (${err.code})`;
  if (typeof err.signal === 'string') return `was killed by ${err.signal}`;
  return err.message;
}

/** The last few non-blank lines of a program's stderr, for quoting in an error message. */
export function lastLines(text: string, count = 4): string {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).slice(-count).join(' / ');
}
