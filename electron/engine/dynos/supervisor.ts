// The dyno supervisor: the engine's one entry point for running, scaling, restarting and
// stopping dynos, their terminals and the orphan record. Per-app logic is in app-dynos.ts, CPU and memory in dyno-metrics.ts.
import { MAX_DYNOS_PER_APP, MAX_DYNOS_PER_TYPE } from '../../../shared/defaults.js';
import type { DynoDTO, ReleaseStatusDTO } from '../../../shared/types.js';
import { formationProblem } from '../../../shared/validation.js';
import { UserError } from '../errors.js';
import { ProcessScanner } from '../metrics/process-scanner.js';
import { DEFAULT_SAMPLE_INTERVAL_MS } from '../metrics/sampler.js';
import { AppDynos } from './app-dynos.js';
import { findReaper } from './containment.js';
import type { DynoContext } from './dyno-context.js';
import { DynoMetrics, type LiveGeneration } from './dyno-metrics.js';
import { DynoRecordWriter, readDynoRecordSync, type RecordedProcess } from './dyno-record.js';
import { startGeneration } from './generation.js';
import { MembershipTracker, type TrackedTree } from './membership-tracker.js';
import { sweepRecordedOrphans } from './orphan-sweep.js';
import { PortAllocator } from './port-allocator.js';
import { DEFAULT_RESTART_POLICY, type RestartPolicyConfig } from './restart-policy.js';
import { RecordedRuns, type ProcessRecorder } from './run-recorder.js';
import type { RolloutOutcome } from './rollout.js';
import { interactiveShell, interactiveShellName, shellInvocation } from '../platform-shell.js';
import { DEFAULT_COLS, DEFAULT_ROWS, INCOMING_SUFFIX, type Generation, type Slot } from './slot.js';
import type { ProcessRelease, SupervisorOptions, TerminalSink, TerminalSubscription } from './types.js';

/** Knobs beyond the contract, for tests and benchmarks; production uses the defaults. */
export interface SupervisorTuning {
  restartPolicy?: Partial<RestartPolicyConfig>;
  random?: () => number;
  sampleIntervalMs?: number;
  recordDebounceMs?: number;
  /** The containment helper's path, or null to run uncontained; by default found by findReaper(). */
  reaper?: string | null;
}

export class Supervisor {
  private readonly apps = new Map<string, AppDynos>();
  /** Apps being removed: no longer reachable by name (a re-deploy starts afresh), still stopping. */
  private readonly leaving = new Map<AppDynos, Promise<void>>();
  private readonly ctx: DynoContext;
  private readonly record: DynoRecordWriter;
  private readonly metrics: DynoMetrics;
  private readonly tracker: MembershipTracker;
  /** Build steps and release commands running now, recorded with the dynos. */
  private readonly runs: RecordedRuns;
  /** The previous engine's record, kept in our file until sweepOrphans() has dealt with it. */
  private inherited: RecordedProcess[];
  private closed = false;

  constructor(private readonly opts: SupervisorOptions & SupervisorTuning) {
    this.inherited = readDynoRecordSync(opts.dataDir);
    const scanner = new ProcessScanner();
    this.record = new DynoRecordWriter(opts.dataDir, () => this.collectRecord(), opts.recordDebounceMs ?? 100);
    this.ctx = {
      hooks: opts.hooks,
      bootTimeoutMs: opts.bootTimeoutMs,
      graceMs: opts.graceMs,
      policy: { ...DEFAULT_RESTART_POLICY, ...opts.restartPolicy },
      random: opts.random ?? Math.random,
      ports: new PortAllocator(),
      scanner,
      reaper: opts.reaper === undefined ? findReaper() : opts.reaper,
      recordChanged: () => this.record.markDirty(),
    };
    // A run that ends after shutdown has nothing left to record into.
    this.runs = new RecordedRuns(() => { if (!this.closed) this.record.markDirty(); });
    this.metrics = new DynoMetrics({
      scanner,
      intervalMs: opts.sampleIntervalMs ?? DEFAULT_SAMPLE_INTERVAL_MS,
      hooks: opts.hooks,
      generations: () => this.generations(),
      quotaMb: (app) => this.apps.get(app)?.release?.memoryQuotaMb,
      changed: (app) => this.apps.get(app)?.changed(),
      prepare: (table) => {
        let changed = false;
        for (const { gen } of this.generations()) changed = gen.proc.tree.update(table) || changed;
        changed = this.runs.update(table) || changed;
        if (changed) this.record.markDirty();
      },
    });
    this.tracker = new MembershipTracker(scanner, () => this.uncontainedTrees(), () => this.record.markDirty());
    this.tracker.start();
  }

  async sweepOrphans(): Promise<number> {
    const recorded = this.inherited;
    this.inherited = [];
    const killed = await sweepRecordedOrphans(recorded);
    this.record.markDirty();
    await this.record.flush();
    return killed;
  }

  /**
   * Where a build step or release command of `app` records its process while it runs, so an engine
   * that dies mid-build has it swept at the next start. `label` names it in the record.
   */
  processRecorder(app: string, label: string): ProcessRecorder {
    return this.runs.recorder(app, label);
  }

  async apply(app: string, release: ProcessRelease, formation: Record<string, number>): Promise<void> {
    this.assertOpen();
    validateFormation(release, formation);
    this.appDynos(app).apply(release, formation);
  }

  async restart(app: string, target?: string): Promise<string[]> {
    this.assertOpen();
    return this.existing(app).restart(target);
  }

  async stopDyno(app: string, dyno: string): Promise<void> {
    this.assertOpen();
    this.existing(app).stopDyno(slotName(dyno));
  }

  /**
   * A one-off dyno (run.N) on a pty. Like Heroku's, it gets a $PORT of its own (nothing routes to it).
   * Its output stays in its terminal unless `detached` (run:detached): then it goes to the app's log.
   */
  async runOneOff(
    app: string, release: ProcessRelease, command: string | null, size: { cols: number; rows: number }, detached = false,
  ): Promise<DynoDTO> {
    this.assertOpen();
    const port = await this.ctx.ports.allocate();
    this.assertOpen();
    // Named after the await, so one-offs started at the same moment still get distinct numbers.
    const dynos = this.appDynos(app);
    let index = 1;
    while (dynos.slots.has(`run.${index}`)) index++;
    const name = `run.${index}`;
    const slot = dynos.newSlot('run', index, name, true);
    slot.cols = clampSize(size.cols, DEFAULT_COLS);
    slot.rows = clampSize(size.rows, DEFAULT_ROWS);
    let gen: Generation;
    try {
      gen = startGeneration(app, slot, {
        release,
        command: command ?? interactiveShellName(),
        invocation: command === null ? interactiveShell() : shellInvocation(command, { execSimple: true }),
        port, token: 0, web: false, logOutput: detached,
      }, this.ctx, dynos.events);
    } catch (err) {
      throw new UserError(`could not start ${name}: ${(err as Error).message}`, 'failed');
    }
    dynos.addOneOff(slot, gen);
    const dto = dynos.list().find((d) => d.name === name);
    if (!dto) throw new UserError(`${name} exited before it could be listed`, 'failed');
    return dto;
  }

  async removeApp(app: string, onProgress?: (line: string) => void): Promise<void> {
    const dynos = this.apps.get(app);
    if (!dynos) return;
    this.apps.delete(app);
    const done = dynos.remove(onProgress).finally(() => {
      this.leaving.delete(dynos);
      this.record.markDirty();
    });
    this.leaving.set(dynos, done);
    await done;
  }

  list(app: string): DynoDTO[] {
    return this.apps.get(app)?.list() ?? [];
  }

  /** How the app's latest release rolled out; null before it has dynos. */
  releaseStatus(app: string): ReleaseStatusDTO | null {
    const status = this.apps.get(app)?.rollouts.status;
    return status ? { ...status } : null;
  }

  /**
   * How the roll under way now ends (call right after apply/restart): succeeded once every web
   * replacement is up, failed when one crashed or timed out (the old release serves on).
   */
  rolloutDone(app: string): Promise<RolloutOutcome> {
    return this.apps.get(app)?.rollouts.done() ?? Promise.resolve({ status: 'succeeded' });
  }

  async settled(app: string, timeoutMs = 120_000): Promise<void> {
    const dynos = this.apps.get(app);
    if (!dynos) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`dynos of ${app} did not settle within ${timeoutMs} ms`)), timeoutMs);
    });
    let gaveUp = false;
    try {
      // gaveUp ends the waiter too, so a timed-out wait leaves no callback behind.
      await Promise.race([dynos.when(() => gaveUp || dynos.isSettled()), timeout]);
    } finally {
      gaveUp = true;
      clearTimeout(timer);
    }
  }

  openTerminal(app: string, dyno: string, sink: TerminalSink): TerminalSubscription {
    return this.slotOf(app, dyno).hub.subscribe(sink);
  }

  write(app: string, dyno: string, data: string): void {
    const slot = this.slotOf(app, dyno);
    (slot.current ?? slot.incoming)?.proc.write(data);
  }

  resize(app: string, dyno: string, cols: number, rows: number): void {
    if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols < 1 || rows < 1 || cols > 1000 || rows > 1000) {
      throw new UserError(`invalid terminal size ${cols}x${rows}`, 'invalid');
    }
    const slot = this.slotOf(app, dyno);
    slot.cols = cols;
    slot.rows = rows;
    for (const g of slot.live()) g.proc.resize(cols, rows);
  }

  async shutdown(onProgress?: (line: string) => void): Promise<void> {
    this.closed = true;
    // A sample still scanning is waited for, so no metrics hook runs after shutdown resolves.
    await this.metrics.stop();
    await this.tracker.stop();
    await Promise.all([...this.apps.keys()].map((app) => this.removeApp(app, onProgress)));
    await Promise.all(this.leaving.values());
    this.record.markDirty();
    await this.record.close();
  }

  /** Flow-control and buffer figures of one dyno's terminal (diagnostics, tests, benchmarks). */
  terminalStats(app: string, dyno: string): { paused: boolean; subscribers: number; bufferedBytes: number; scrollbackBytes: number } {
    const hub = this.slotOf(app, dyno).hub;
    return { paused: hub.paused, subscribers: hub.subscriberCount, bufferedBytes: hub.bufferedBytes, scrollbackBytes: hub.scrollbackLength };
  }

  /** Take a metrics sample now instead of waiting for the next tick (tests, benchmarks). */
  sampleMetrics(): Promise<void> {
    return this.metrics.sampleNow();
  }

  // ---- internals -----------------------------------------------------------------------------

  private assertOpen(): void {
    if (this.closed) throw new UserError('the engine is shutting down', 'conflict');
  }

  private appDynos(app: string): AppDynos {
    let dynos = this.apps.get(app);
    if (!dynos) this.apps.set(app, (dynos = new AppDynos(app, this.ctx)));
    return dynos;
  }

  private existing(app: string): AppDynos {
    const dynos = this.apps.get(app);
    if (!dynos) throw new UserError(`app ${app} has no dynos`, 'not_found');
    return dynos;
  }

  private slotOf(app: string, dyno: string): Slot {
    return this.existing(app).slot(slotName(dyno));
  }

  private *generations(): Generator<LiveGeneration> {
    for (const dynos of [...this.apps.values(), ...this.leaving.keys()]) {
      for (const slot of dynos.slots.values()) for (const gen of slot.live()) yield { app: dynos.app, slot, gen };
    }
  }

  /** What fallback tracking keeps current: dynos without a reaper, and the runs that asked for it. */
  private uncontainedTrees(): TrackedTree[] {
    const trees: TrackedTree[] = this.runs.trackedTrees();
    for (const { gen } of this.generations()) if (!gen.proc.contained) trees.push(gen.proc.tree);
    return trees;
  }

  private collectRecord(): RecordedProcess[] {
    const out: RecordedProcess[] = [...this.inherited, ...this.runs.record()];
    for (const { app, slot, gen } of this.generations()) {
      for (const m of gen.proc.tree.members()) {
        if (m.startTime === null) continue;
        out.push({ pid: m.pid, startTime: m.startTime, app, dyno: slot.name, root: m.pid === gen.proc.pid });
      }
    }
    return out;
  }
}

/** "web.1+" (a replacement mid-roll) belongs to slot "web.1". */
function slotName(dyno: string): string {
  return dyno.endsWith(INCOMING_SUFFIX) ? dyno.slice(0, -INCOMING_SUFFIX.length) : dyno;
}

function clampSize(n: number, fallback: number): number {
  return Number.isInteger(n) && n >= 1 && n <= 1000 ? n : fallback;
}

function validateFormation(release: ProcessRelease, formation: Record<string, number>): void {
  // The same rule every door checks (shared/validation.ts); a type this release lacks may still be
  // listed at 0, as a formation remembered from an older release.
  const listed = Object.fromEntries(Object.entries(formation).filter(([type, qty]) => qty !== 0 || release.commands[type] !== undefined));
  const problem = formationProblem(Object.keys(release.commands), listed, MAX_DYNOS_PER_TYPE, MAX_DYNOS_PER_APP);
  if (problem) throw new UserError(problem, 'invalid');
}
