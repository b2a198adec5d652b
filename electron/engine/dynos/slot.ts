// A dyno slot ("web.1"): what stays the same across restarts (name, restarts, crash history,
// terminal), plus the generations currently running in it.
import type { DynoDTO, DynoState } from '../../../shared/types.js';
import type { DynoProcess } from './dyno-process.js';
import { NO_CRASHES, type CrashHistory } from './restart-policy.js';
import type { ProcessRelease } from './types.js';
import type { TerminalHub } from './terminal-hub.js';

/** During a rolling replacement the incoming generation is listed under this name until the old one is gone. */
export const INCOMING_SUFFIX = '+';
export const DEFAULT_COLS = 120;
export const DEFAULT_ROWS = 30;

export interface Generation {
  proc: DynoProcess;
  port: number | null;
  release: ProcessRelease;
  /** The slot's restart token when this generation was started; an older token means "replace me". */
  token: number;
  command: string;
  /** Last time an R14 was logged, to repeat it at most every R14_REPEAT_MS. */
  lastR14At: number;
  /** Killed for not binding $PORT in time (R10), so its exit reads as a boot timeout, not a crash. */
  bootTimedOut: boolean;
}

export class Slot {
  current: Generation | null = null;
  /** Rolling replacement in progress: comes up first, then `current` is drained and stopped. */
  incoming: Generation | null = null;
  /** Generations being stopped or cleaned up after a crash; kept so nothing is forgotten. */
  readonly leaving = new Set<Generation>();
  /** Resting state when no generation is current. */
  status: DynoState = 'down';
  wanted = 0;
  restarts = 0;
  generations = 0;
  crash: CrashHistory = NO_CRASHES;
  restartTimer: NodeJS.Timeout | null = null;
  /** When restartTimer fires (epoch ms), shown as a countdown; null when no restart is pending. */
  restartAt: number | null = null;
  spawning = false;
  removing = false;
  lastExit: number | null = null;
  /** Terminal size, kept across generations so a restarted dyno keeps the viewer's size. */
  cols = DEFAULT_COLS;
  rows = DEFAULT_ROWS;

  constructor(
    readonly type: string,
    readonly index: number,
    readonly name: string,
    readonly oneOff: boolean,
    readonly hub: TerminalHub,
  ) {}

  /** Every generation with a process that may still be running. */
  live(): Generation[] {
    const out: Generation[] = [];
    if (this.current) out.push(this.current);
    if (this.incoming) out.push(this.incoming);
    for (const g of this.leaving) if (g !== this.current && g !== this.incoming) out.push(g);
    return out;
  }

  clearCrashes(): void {
    this.crash = NO_CRASHES;
    this.cancelRestart();
  }

  cancelRestart(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.restartAt = null;
  }

  dto(commandFallback: string): DynoDTO[] {
    const out: DynoDTO[] = [this.describe(this.current, this.name, commandFallback)];
    if (this.incoming) out.push(this.describe(this.incoming, this.name + INCOMING_SUFFIX, commandFallback));
    return out;
  }

  private describe(gen: Generation | null, name: string, commandFallback: string): DynoDTO {
    if (!gen) {
      return {
        name, type: this.type, state: this.status, pid: null, port: null, restarts: this.restarts,
        startedAt: null, command: commandFallback, exitCode: this.lastExit, cpuPercent: null, memoryBytes: null, oneOff: this.oneOff,
        release: null, restartAt: this.restartAt,
      };
    }
    const p = gen.proc;
    return {
      name, type: this.type, state: p.state, pid: p.exited ? null : p.commandPid, port: gen.port, restarts: this.restarts,
      startedAt: p.exited ? null : p.startedAt, command: gen.command, exitCode: p.exitStatus ?? this.lastExit,
      cpuPercent: p.cpuPercent, memoryBytes: p.memoryBytes, oneOff: this.oneOff, release: gen.release.version,
      // A generation that runs is not waiting to restart (a replacement backing off shows no countdown here).
      restartAt: null,
    };
  }
}
