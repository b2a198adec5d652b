// One build step (`npm ci`, `pip install …`): run it, and on failure throw the UserError the
// engine shows, carrying the tail of the output so the cause is visible without scrolling.
import { UserError } from '../errors.js';
import { failureOf } from './release.js';
import type { ProcessRecorder } from '../dynos/run-recorder.js';
import { runShell } from './run-shell.js';

export interface StepContext {
  cwd: string;
  env: Record<string, string>;
  onLine: (line: string) => void;
  signal?: AbortSignal;
  recorder?: ProcessRecorder;
}

/** Lines of output quoted in a build failure message. */
const TAIL_IN_ERROR = 12;

export async function runBuildStep(command: string, label: string, ctx: StepContext): Promise<void> {
  const outcome = await runShell(command, ctx);
  if (outcome.aborted) throw new UserError('Build cancelled', 'failed');
  const problem = failureOf(outcome);
  if (!problem) return;
  const tail = outcome.tail.slice(-TAIL_IN_ERROR).filter((l) => l.trim() !== '');
  const shown = tail.length > 0 ? `. Last output:\n${tail.map((l) => `  ${l}`).join('\n')}` : '';
  throw new UserError(`Build failed: \`${label}\` ${problem}${shown}`, 'failed');
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new UserError('Build cancelled', 'failed');
}
