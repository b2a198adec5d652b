// Starting one generation of a slot: environment, shell, pty, and wiring its events back to the
// slot's terminal, the app's log and the owner's state machine.
import { statSync } from 'node:fs';
import type { DynoState } from '../../../shared/types.js';
import { safely, type DynoContext } from './dyno-context.js';
import { DynoProcess } from './dyno-process.js';
import { buildDynoEnv } from './env.js';
import { lifecycleText } from './lifecycle-text.js';
import type { ShellInvocation } from '../platform-shell.js';
import type { Generation, Slot } from './slot.js';
import type { ProcessRelease } from './types.js';

export interface GenerationOwner {
  stateChanged(slot: Slot, gen: Generation, from: DynoState, to: DynoState): void;
  bootTimedOut(slot: Slot, gen: Generation): void;
  exited(slot: Slot, gen: Generation, status: number | null, expected: boolean): void;
}

export interface GenerationSpec {
  release: ProcessRelease;
  command: string;
  invocation: ShellInvocation;
  port: number | null;
  token: number;
  web: boolean;
  /**
   * Whether its output goes to the app's log too. A one-off attached to a terminal keeps its output
   * there, as on Heroku (only its start and stop lines are logged): a console session is not app output.
   */
  logOutput: boolean;
}

/** Start a generation, or throw an Error whose message says why it could not start. */
export function startGeneration(app: string, slot: Slot, spec: GenerationSpec, ctx: DynoContext, owner: GenerationOwner): Generation {
  const { release } = spec;
  let isDir = false;
  try { isDir = statSync(release.cwd).isDirectory(); } catch { /* reported below */ }
  if (!isDir) throw new Error(`the app folder ${release.cwd} does not exist`);
  const env = buildDynoEnv(release.env, { name: slot.name, port: spec.port });
  const lifecycle = (text: string): void => safely(() => ctx.hooks.lifecycle(app, slot.name, text));
  if (slot.generations > 0 && !slot.oneOff) lifecycle(lifecycleText.stateChanged(slot.status, 'starting'));
  lifecycle(slot.oneOff ? lifecycleText.startingOneOff(spec.command) : lifecycleText.starting(spec.command));
  // The holder exists before the process so its events (which never fire synchronously) can name it.
  const gen = { port: spec.port, release, token: spec.token, command: spec.command, lastR14At: 0, bootTimedOut: false } as Generation;
  gen.proc = new DynoProcess({
    invocation: spec.invocation, reaper: ctx.reaper, cwd: release.cwd, env, cols: slot.cols, rows: slot.rows,
    waitForPort: spec.web ? spec.port : null, bootTimeoutMs: ctx.bootTimeoutMs,
  }, {
    output: (data) => {
      slot.hub.push(data);
      if (spec.logOutput) safely(() => ctx.hooks.output(app, slot.name, data));
    },
    stateChanged: (from, to) => owner.stateChanged(slot, gen, from, to),
    bootTimedOut: () => owner.bootTimedOut(slot, gen),
    exited: (status, expected) => owner.exited(slot, gen, status, expected),
    lifecycle,
  }, ctx.scanner);
  gen.proc.setPaused(slot.hub.paused);
  if (slot.generations > 0 && !slot.oneOff) slot.restarts++;
  slot.generations++;
  ctx.recordChanged();
  return gen;
}
