// One add-on server process (postgres, or one redis-server) supervised like a dyno: started, probed
// until it serves, restarted with backoff when it dies on its own, stopped with its own polite
// signal and then SIGKILL. It runs in a session of its own, so a Ctrl-C meant for `dynodesk serve`
// does not reach it, and it is in the engine's orphan record, so an engine killed outright leaves
// nothing that the next one does not stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { createLineSplitter } from '../build/line-splitter.js';
import type { ProcessRecorder } from '../dynos/run-recorder.js';

export type ServerState = 'starting' | 'up' | 'backoff' | 'stopped' | 'failed';

export interface ServerSpec {
  /** For messages: "PostgreSQL", "Redis redis-shaped-12345". */
  label: string;
  command: string;
  /** Never holds a secret: arguments are visible in ps to every user. */
  args: () => string[];
  env: Record<string, string>;
  cwd: string;
  uid?: number;
  gid?: number;
  /** SIGINT for postgres (fast shutdown: no waiting for clients), SIGTERM for redis. */
  stopSignal: NodeJS.Signals;
  recorder: ProcessRecorder;
  onLine: (line: string) => void;
  /** Before every start: settle the port, clear a dead server's leftovers. Throws to fail the start. */
  prepare: () => Promise<void>;
  /** Resolves once the server answers; rejects when it cannot (it is given up on and killed). */
  probe: (exited: () => boolean) => Promise<void>;
  onState: (state: ServerState, detail: string | null) => void;
}

const STOP_GRACE_MS = 10_000;
const BACKOFF_MS = [1000, 2000, 4000, 8000, 15_000, 30_000, 60_000];
/** Up this long and a later crash counts from the start of the backoff table again. */
const HEALTHY_MS = 60_000;

export class ServerProcess {
  private child: ChildProcess | null = null;
  private done: (() => void) | null = null;
  private exit: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private crashes = 0;
  private upSince = 0;
  private stopping = false;
  private starting: Promise<void> | null = null;
  state: ServerState = 'stopped';
  detail: string | null = null;

  constructor(private readonly spec: ServerSpec) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Start (or join a start under way) and resolve once it serves; rejects with why it could not. */
  start(): Promise<void> {
    this.stopping = false;
    if (this.state === 'up') return Promise.resolve();
    this.starting ??= this.launch().finally(() => { this.starting = null; });
    return this.starting;
  }

  /** Stop for good (until start()): polite signal, then SIGKILL after the grace period. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.starting?.catch(() => undefined);
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      signalGroup(child, this.spec.stopSignal);
      const killer = setTimeout(() => signalGroup(child, 'SIGKILL'), STOP_GRACE_MS);
      await this.exit;
      clearTimeout(killer);
    }
    this.setState('stopped', null);
  }

  private async launch(): Promise<void> {
    this.setState('starting', null);
    try {
      await this.spec.prepare();
      if (this.stopping) return;
      const child = spawn(this.spec.command, this.spec.args(), {
        cwd: this.spec.cwd,
        env: this.spec.env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(this.spec.uid === undefined ? {} : { uid: this.spec.uid }),
        ...(this.spec.gid === undefined ? {} : { gid: this.spec.gid }),
      });
      this.child = child;
      const spawned = new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
      let exited = false;
      this.exit = new Promise((resolve) => child.once('close', () => { exited = true; resolve(); }));
      for (const stream of [child.stdout, child.stderr]) {
        const lines = createLineSplitter((line) => { if (line.trim() !== '') this.spec.onLine(line); });
        stream?.on('data', (c: Buffer) => lines.write(c));
        stream?.on('end', () => lines.end());
      }
      await spawned;
      // Untracked: postgres and redis-server keep their helpers in the group the sweep kills whole, and
      // a per-second /proc walk for as long as an add-on runs would cost the engine for nothing.
      this.done = child.pid === undefined ? null : this.spec.recorder.started(child.pid, { tracked: false });
      void this.exit.then(() => this.exited(child));
      try {
        await this.spec.probe(() => exited);
      } catch (err) {
        signalGroup(child, 'SIGKILL');
        await this.exit;
        throw err;
      }
      if (this.stopping) return;
      this.upSince = Date.now();
      this.setState('up', null);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!this.stopping) this.setState('failed', message);
      throw err instanceof Error ? err : new Error(message);
    }
  }

  private exited(child: ChildProcess): void {
    this.done?.();
    this.done = null;
    if (this.child === child) this.child = null;
    if (this.stopping || this.state !== 'up') return;
    // Died on its own while serving: restart with backoff, as a crashed dyno would be.
    if (Date.now() - this.upSince > HEALTHY_MS) this.crashes = 0;
    const delay = BACKOFF_MS[Math.min(this.crashes, BACKOFF_MS.length - 1)] ?? 60_000;
    this.crashes++;
    const why = child.signalCode ? `signal ${child.signalCode}` : `status ${child.exitCode ?? '?'}`;
    this.setState('backoff', `${this.spec.label} exited (${why}); restarting in ${Math.round(delay / 1000)} s`);
    this.scheduleRestart(delay);
  }

  private scheduleRestart(delay: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.stopping) return;
      this.start().catch(() => {
        // A failed restart backs off further instead of giving up: what broke it may be fixed.
        if (this.stopping) return;
        const next = BACKOFF_MS[Math.min(this.crashes, BACKOFF_MS.length - 1)] ?? 60_000;
        this.crashes++;
        this.scheduleRestart(next);
      });
    }, delay);
  }

  private setState(state: ServerState, detail: string | null): void {
    this.state = state;
    this.detail = detail;
    this.spec.onState(state, detail);
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // Its own session and group (detached): the group takes its helpers (postgres's backends) too.
    if (process.platform === 'win32') child.kill(signal);
    else process.kill(signal === 'SIGKILL' ? -child.pid : child.pid, signal);
  } catch { /* already gone */ }
}
