// The Procfile `release:` phase: runs once after a successful build, before dynos start.
import { UserError } from '../errors.js';
import type { ProcessRecorder } from '../dynos/run-recorder.js';
import { runShell, type RunShellOutcome } from './run-shell.js';

export interface ReleaseCommandOptions {
  cwd: string;
  env: Record<string, string>;
  onLine: (line: string) => void;
  signal?: AbortSignal;
  recorder?: ProcessRecorder;
}

export async function runReleaseCommand(command: string, opts: ReleaseCommandOptions): Promise<void> {
  const outcome = await runShell(command, opts);
  const problem = failureOf(outcome);
  if (problem) throw new UserError(`Release command ${problem}`, 'failed');
}

/** Describe why a run failed, or null if it succeeded. Shared wording for build steps. */
export function failureOf(outcome: RunShellOutcome): string | null {
  if (outcome.aborted) return 'was cancelled';
  if (outcome.spawnError) return `could not start: ${outcome.spawnError.message}`;
  if (outcome.signal) return `was killed by ${outcome.signal}`;
  if (outcome.code !== 0) return `failed with exit code ${outcome.code ?? 'unknown'}`;
  return null;
}
