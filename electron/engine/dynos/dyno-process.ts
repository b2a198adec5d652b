// One generation of a dyno: a process on a pty, its boot check, its process tree, and the
// SIGTERM → grace → SIGKILL stop sequence. The owner (app-dynos.ts) decides what happens next.
// Contained (containment.ts), the pty runs the reaper, which runs the command and takes every
// process it starts down with it; the stop sequence then goes through the reaper.
import { createRequire } from 'node:module';
import type { IPty } from 'node-pty';
import type { DynoState } from '../../../shared/types.js';
import { readStartTimeSync } from '../metrics/process-table.js';
import type { ProcessScanner } from '../metrics/process-scanner.js';
import { commandPidOf, containedInvocation, REAPER_EXIT_WAIT_MS, REAPER_KILL_SIGNAL } from './containment.js';
import { lifecycleText } from './lifecycle-text.js';
import { canConnect } from './port-probe.js';
import { ProcessTree, signalProcess } from './process-tree.js';
import { ptyArgs, type ShellInvocation } from '../platform-shell.js';

// node-pty is a native CommonJS module.
const require = createRequire(import.meta.url);
const pty = require('node-pty') as typeof import('node-pty');

export const BOOT_POLL_MS = 50;
const STOP_POLL_MS = 50;
const STOP_RESCAN_MS = 250;
const KILL_WAIT_MS = 5000;

export interface DynoProcessEvents {
  output(data: string): void;
  stateChanged(from: DynoState, to: DynoState): void;
  /** The web process did not accept a connection on $PORT in time (the owner logs and kills). */
  bootTimedOut(): void;
  /** The root process exited; `expected` is true when we were stopping it. */
  exited(status: number | null, expected: boolean): void;
  lifecycle(text: string): void;
}

export interface DynoProcessSpec {
  invocation: ShellInvocation;
  /** The containment helper to run the invocation under, or null to rely on tracking its process tree. */
  reaper: string | null;
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
  /** Web dynos are up once $PORT accepts a connection; others once spawned. */
  waitForPort: number | null;
  bootTimeoutMs: number;
}

export class DynoProcess {
  /** The pty's process: the reaper when contained, else the command itself. The root of the tree. */
  readonly pid: number;
  readonly contained: boolean;
  readonly startedAt = Date.now();
  readonly tree: ProcessTree;
  state: DynoState = 'starting';
  exitStatus: number | null = null;
  exitedAt: number | null = null;
  stopRequested = false;
  cpuPercent: number | null = null;
  memoryBytes: number | null = null;
  private readonly term: IPty;
  private bootTimer: NodeJS.Timeout | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private exitWaiters: Array<() => void> = [];
  private paused = false;
  private stopping: Promise<void> | null = null;
  private knownCommandPid: number | null = null;

  constructor(readonly spec: DynoProcessSpec, private readonly events: DynoProcessEvents, private readonly scanner: ProcessScanner) {
    this.contained = spec.reaper !== null;
    const run = spec.reaper !== null ? containedInvocation(spec.reaper, spec.invocation) : spec.invocation;
    this.term = pty.spawn(run.file, ptyArgs(run), {
      name: 'xterm-256color', cols: spec.cols, rows: spec.rows, cwd: spec.cwd, env: spec.env,
    });
    this.pid = this.term.pid;
    this.tree = new ProcessTree({ pid: this.pid, startTime: readStartTimeSync(this.pid) });
    this.term.onData((data) => this.events.output(data));
    this.term.onExit(({ exitCode, signal }) => this.onExit(signal ? 128 + signal : exitCode));
    if (spec.waitForPort === null) {
      queueMicrotask(() => { if (this.state === 'starting') this.setState('up'); });
    } else {
      this.watchBoot(spec.waitForPort, spec.bootTimeoutMs);
    }
  }

  get exited(): boolean {
    return this.exitedAt !== null;
  }

  /** The app's own process, as `ps` shows it: the reaper's command once it has started, else the root. */
  get commandPid(): number {
    if (!this.contained) return this.pid;
    if (this.knownCommandPid === null && !this.exited) this.knownCommandPid = commandPidOf(this.pid);
    return this.knownCommandPid ?? this.pid;
  }

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  write(data: string): void {
    if (!this.exited) this.term.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.exited) this.term.resize(cols, rows);
  }

  setPaused(paused: boolean): void {
    if (paused === this.paused || this.exited) return;
    this.paused = paused;
    if (paused) this.term.pause();
    else this.term.resume();
  }

  /** Resolves once the root has exited or after timeoutMs, leaving no timer behind. */
  private async waitExitFor(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.waitExit(), new Promise<void>((resolve) => { timer = setTimeout(resolve, timeoutMs); })]);
    clearTimeout(timer);
  }

  /** Resolves once the root process has exited. */
  waitExit(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => this.exitWaiters.push(resolve));
  }

  /**
   * SIGTERM to the group and every known member; after graceMs SIGKILL to all of them. Resolves
   * when the root has exited and no member is alive. Idempotent.
   */
  stop(graceMs: number): Promise<void> {
    this.stopRequested = true;
    this.stopBootWatch();
    if (!this.stopping) this.stopping = this.runStop(graceMs);
    return this.stopping;
  }

  /** Immediate SIGKILL of everything (boot timeout, leftovers of a crashed generation). */
  async kill(): Promise<void> {
    this.stopBootWatch();
    await this.killEverything();
  }

  /**
   * Contained, the reaper kills every descendant itself (it sees forks we would miss) and only then
   * exits: SIGKILLed first, it would leave what it had not killed yet to init. What we know is
   * SIGKILLed afterwards in any case, for a reaper that did not answer and for the fallback.
   */
  private async killEverything(): Promise<void> {
    if (this.contained && !this.exited && signalProcess(this.tree.root, REAPER_KILL_SIGNAL)) {
      await this.waitExitFor(REAPER_EXIT_WAIT_MS);
    }
    await this.refreshTree();
    this.tree.signal('SIGKILL');
    this.killPtyOnWindows();
    await this.waitGone(KILL_WAIT_MS, true);
  }

  /** SIGTERM to every process once: through the reaper when contained, else to the group and each member we know. */
  private terminateAll(): void {
    if (this.contained && !this.exited && signalProcess(this.tree.root, 'SIGTERM')) return;
    this.tree.signal('SIGTERM');
    this.killPtyOnWindows();
  }

  /** Windows has no process groups or POSIX signals; node-pty's kill ends the console's process tree. */
  private killPtyOnWindows(): void {
    if (process.platform !== 'win32' || this.exited) return;
    try { this.term.kill(); } catch { /* already gone */ }
  }

  /** Mark as stopping before the router drain, so nothing treats its exit as a crash. */
  beginStop(): void {
    this.stopRequested = true;
    this.stopBootWatch();
    if (this.state !== 'stopping' && this.state !== 'down') this.setState('stopping');
  }

  private async runStop(graceMs: number): Promise<void> {
    this.beginStop();
    await this.refreshTree();
    if (!this.exited || this.tree.alive().length > 0) {
      this.events.lifecycle(lifecycleText.stopping());
      this.terminateAll();
      const clean = await this.waitGone(graceMs, false);
      if (!clean) {
        this.events.lifecycle(lifecycleText.exitTimeout(graceMs));
        this.events.lifecycle(lifecycleText.killing());
        await this.killEverything();
      }
    }
    await this.waitExitFor(KILL_WAIT_MS);
    if (this.state !== 'down') this.setState('down');
  }

  /** Poll until root exited and every member is dead; rescans the tree so late children are caught. */
  private async waitGone(timeoutMs: number, keepKilling: boolean): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let lastScan = Date.now();
    for (;;) {
      if (this.exited && this.tree.alive().length === 0) return true;
      if (Date.now() >= deadline) return false;
      await delay(Math.min(STOP_POLL_MS, Math.max(1, deadline - Date.now())));
      if (Date.now() - lastScan >= STOP_RESCAN_MS) {
        lastScan = Date.now();
        await this.refreshTree();
        if (keepKilling) this.tree.signal('SIGKILL');
      }
    }
  }

  async refreshTree(): Promise<void> {
    this.tree.update(await this.scanner.snapshot(0));
  }

  private watchBoot(port: number, timeoutMs: number): void {
    this.bootTimer = setTimeout(() => {
      this.stopBootWatch();
      if (this.state === 'starting' && !this.exited) this.events.bootTimedOut();
    }, timeoutMs);
    const probe = async (): Promise<void> => {
      this.probeTimer = null;
      if (this.state !== 'starting' || this.exited || this.bootTimer === null) return;
      if (await canConnect(port)) {
        if (this.state === 'starting' && !this.exited && this.bootTimer !== null) {
          this.stopBootWatch();
          this.setState('up');
        }
        return;
      }
      if (this.bootTimer !== null) this.probeTimer = setTimeout(() => { void probe(); }, BOOT_POLL_MS);
    };
    this.probeTimer = setTimeout(() => { void probe(); }, BOOT_POLL_MS);
  }

  private stopBootWatch(): void {
    if (this.bootTimer) clearTimeout(this.bootTimer);
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.bootTimer = null;
    this.probeTimer = null;
  }

  private setState(to: DynoState): void {
    const from = this.state;
    if (from === to) return;
    this.state = to;
    this.events.stateChanged(from, to);
  }

  private onExit(status: number): void {
    if (this.exited) return;
    this.stopBootWatch();
    this.exitStatus = status;
    this.exitedAt = Date.now();
    this.cpuPercent = null;
    this.memoryBytes = null;
    this.events.lifecycle(lifecycleText.exited(status));
    const expected = this.stopRequested;
    for (const w of this.exitWaiters.splice(0)) w();
    this.events.exited(status, expected);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
