// One app's dynos: a small reconcile loop per slot. Every event (state change, exit, a stop
// finishing, a backoff timer, apply/restart) calls reconcile(slot), which takes the next step
// toward "one up-to-date generation running" (or "nothing", for a slot being removed).
import type { DynoDTO } from '../../../shared/types.js';
import { UserError } from '../errors.js';
import { safely, type DynoContext } from './dyno-context.js';
import { GenerationEvents, type GenerationEventsOwner } from './generation-events.js';
import { startGeneration } from './generation.js';
import { lifecycleText } from './lifecycle-text.js';
import { RolloutControl } from './rollout-control.js';
import { rolloutText } from './rollout-text.js';
import { shellInvocation } from '../platform-shell.js';
import { INCOMING_SUFFIX, Slot, type Generation } from './slot.js';
import { TerminalHub } from './terminal-hub.js';
import type { ProcessRelease } from './types.js';

export class AppDynos implements GenerationEventsOwner {
  release: ProcessRelease | null = null;
  readonly slots = new Map<string, Slot>();
  /** Receives what generations report (up, exit, boot timeout); passed to startGeneration. */
  readonly events: GenerationEvents;
  /** Guarded rolls: the old web dynos serve until their replacements are up, or stay if those fail. */
  readonly rollouts: RolloutControl;
  private waiters: Array<() => void> = [];

  constructor(readonly app: string, readonly ctx: DynoContext) {
    this.events = new GenerationEvents(this);
    this.rollouts = new RolloutControl(this);
  }

  // ---- queries -------------------------------------------------------------------------------

  list(): DynoDTO[] {
    const slots = [...this.slots.values()].sort((a, b) => (a.type === b.type ? a.index - b.index : a.type < b.type ? -1 : 1));
    return slots.flatMap((s) => s.dto(this.release?.commands[s.type] ?? ''));
  }

  slot(name: string): Slot {
    const slot = this.slots.get(name);
    if (!slot) throw new UserError(`no dyno named ${name} in app ${this.app}`, 'not_found');
    return slot;
  }

  isSettled(): boolean {
    for (const slot of this.slots.values()) {
      if (slot.removing || slot.spawning || slot.incoming || slot.leaving.size > 0) return false;
      if (slot.oneOff) continue;
      const cur = slot.current;
      const resting = slot.restartTimer !== null;
      if (!cur) {
        if (resting) continue; // resting in `crashed`
        return false;
      }
      if (cur.proc.state !== 'up') return false;
      // An outdated dyno whose replacement keeps crashing serves on until the backoff lets it retry.
      if (!this.isCurrent(slot, cur) && !resting) return false;
    }
    return true;
  }

  /** Resolves when `done()` holds; re-checked on every change. */
  when(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (done()) resolve();
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  // ---- commands ------------------------------------------------------------------------------

  apply(wanted: ProcessRelease, formation: Record<string, number>): void {
    const release = this.rollouts.effective(wanted);
    const newRelease = this.release?.version !== release.version;
    const types = new Set<string>([...Object.keys(formation)]);
    for (const slot of this.slots.values()) if (!slot.oneOff) types.add(slot.type);
    for (const type of types) {
      const qty = release.commands[type] === undefined ? 0 : (formation[type] ?? 0);
      for (const slot of this.slots.values()) {
        if (slot.oneOff || slot.type !== type) continue;
        if (slot.index > qty) slot.removing = true;
      }
      for (let i = 1; i <= qty; i++) {
        const name = `${type}.${i}`;
        const existing = this.slots.get(name);
        if (existing) existing.removing = false;
        else this.slots.set(name, this.newSlot(type, i, name, false));
      }
    }
    // After the formation, so the roll knows which web slots stay.
    if (newRelease) this.rollouts.begin(release);
    else this.release = release;
    for (const slot of this.slots.values()) {
      if (newRelease && !slot.oneOff) slot.clearCrashes();
      this.reconcile(slot);
    }
    this.changed();
  }

  restart(target: string | undefined): string[] {
    const formation = [...this.slots.values()].filter((s) => !s.oneOff && !s.removing);
    let chosen: Slot[];
    if (target === undefined) chosen = formation;
    else if (this.slots.has(target)) {
      const slot = this.slot(target);
      if (slot.oneOff) throw new UserError(`${target} is a one-off dyno and cannot be restarted`, 'invalid');
      chosen = [slot];
    } else if (this.release?.commands[target] !== undefined || formation.some((s) => s.type === target)) {
      chosen = formation.filter((s) => s.type === target);
    } else {
      throw new UserError(`no process type or dyno named ${target} in app ${this.app}`, 'not_found');
    }
    if (this.rollouts.restart(chosen)) chosen = formation;
    for (const slot of chosen) {
      slot.wanted++;
      slot.clearCrashes();
      this.lifecycle(slot, lifecycleText.restarting());
    }
    // After every token moved, so the canary rule sees the whole restart.
    for (const slot of chosen) this.reconcile(slot);
    this.changed();
    return chosen.map((s) => s.name);
  }

  stopDyno(name: string): void {
    const slot = this.slot(name);
    if (!slot.oneOff) slot.clearCrashes();
    const cur = slot.current;
    if (cur && !cur.proc.stopRequested) this.retire(slot, cur);
    else this.reconcile(slot);
    this.changed();
  }

  addOneOff(slot: Slot, gen: Generation): void {
    slot.current = gen;
    this.slots.set(slot.name, slot);
    this.changed();
  }

  newSlot(type: string, index: number, name: string, oneOff: boolean): Slot {
    let slot: Slot | null = null;
    const hub = new TerminalHub({
      onFlowChange: (paused) => { for (const g of slot?.live() ?? []) g.proc.setPaused(paused); },
      size: () => ({ cols: slot?.cols ?? 120, rows: slot?.rows ?? 30 }),
    });
    slot = new Slot(type, index, name, oneOff, hub);
    return slot;
  }

  /** Stop everything and forget it; resolves when every process is gone. */
  async remove(onProgress?: (line: string) => void): Promise<void> {
    this.rollouts.abandon();
    for (const slot of this.slots.values()) {
      slot.removing = true;
      if (slot.live().length > 0) onProgress?.(`Stopping ${slot.name} (${this.app})`);
      this.reconcile(slot);
    }
    this.changed();
    await this.when(() => this.slots.size === 0);
  }

  // ---- the reconcile loop --------------------------------------------------------------------

  isCurrent(slot: Slot, gen: Generation): boolean {
    return gen.release.version === this.release?.version && gen.token === slot.wanted;
  }

  reconcile(slot: Slot): void {
    if (slot.removing) return this.reconcileRemoval(slot);
    if (slot.oneOff || slot.spawning || !this.release) return;
    const cur = slot.current;
    const inc = slot.incoming;
    if (inc) {
      // A replacement of a release that is no longer wanted (a stopped roll, a newer release) goes;
      // the dyno it was to replace keeps serving.
      if (!this.isCurrent(slot, inc) && cur && !cur.proc.stopRequested) {
        if (!inc.proc.stopRequested) this.retire(slot, inc);
        return;
      }
      if (inc.proc.state !== 'up') return; // still booting; its exit or `up` brings us back
      if (cur && !cur.proc.stopRequested) return this.retire(slot, cur);
      if (!cur) {
        // The old generation is gone: the replacement takes the slot's name.
        slot.current = inc;
        slot.incoming = null;
        this.changed();
        return this.reconcile(slot);
      }
      return;
    }
    if (!cur) {
      if (!slot.restartTimer) void this.spawn(slot, 'current');
      return;
    }
    if (cur.proc.stopRequested || this.isCurrent(slot, cur)) return;
    // Web dynos roll (replacement up first); others stop, then start.
    if (slot.type === 'web' && cur.proc.state === 'up') {
      // A replacement that crashed outside a guarded roll retries after its backoff, never at once.
      if (slot.restartTimer || !this.rollouts.mayBootReplacement(slot)) return;
      void this.spawn(slot, 'incoming');
    } else {
      this.retire(slot, cur);
    }
  }

  private reconcileRemoval(slot: Slot): void {
    slot.cancelRestart();
    for (const g of [slot.incoming, slot.current]) if (g && !g.proc.stopRequested) this.retire(slot, g);
    if (slot.spawning || slot.live().length > 0) return;
    this.slots.delete(slot.name);
    slot.hub.exit(slot.lastExit);
    this.changed();
  }

  private async spawn(slot: Slot, role: 'current' | 'incoming'): Promise<void> {
    const release = this.release;
    if (!release) return;
    slot.spawning = true;
    let port: number | null = null;
    let failure: string | null = null;
    try {
      port = await this.ctx.ports.allocate();
    } catch (err) {
      failure = `no free port: ${(err as Error).message}`;
    }
    slot.spawning = false;
    // Anything may have changed while we waited for the port: start over from the new situation.
    if (slot.removing || this.release !== release || (role === 'current' ? slot.current : slot.incoming)) {
      return this.reconcile(slot);
    }
    const command = release.commands[slot.type];
    if (command === undefined) {
      slot.removing = true;
      return this.reconcile(slot);
    }
    if (failure === null) {
      try {
        const gen = startGeneration(this.app, slot, {
          release, command, invocation: shellInvocation(command, { execSimple: true }), port, token: slot.wanted, web: slot.type === 'web',
          logOutput: true,
        }, this.ctx, this.events);
        if (role === 'current') slot.current = gen;
        else slot.incoming = gen;
        this.changed();
        return;
      } catch (err) {
        failure = (err as Error).message;
      }
    }
    this.lifecycle(slot, `Error: could not start process: ${failure}`);
    if (slot.type === 'web' && this.rollouts.fail(slot, null, rolloutText.couldNotStart(slot.name, failure))) return;
    this.events.crashed(slot, null, 0);
  }

  /** Take a generation out of service: drain (web, if it was up), then stop it. */
  retire(slot: Slot, gen: Generation): void {
    if (gen.proc.stopRequested) return;
    const wasUp = gen.proc.state === 'up';
    const name = gen === slot.incoming ? slot.name + INCOMING_SUFFIX : slot.name;
    slot.leaving.add(gen);
    gen.proc.beginStop();
    void (async () => {
      try {
        if (wasUp && slot.type === 'web') await this.drain(name);
      } catch { /* a failed drain must not keep the dyno running */ }
      try {
        await gen.proc.stop(this.ctx.graceMs);
      } finally {
        slot.leaving.delete(gen);
        if (slot.current === gen) {
          slot.current = null;
          // A replacement that crashed meanwhile leaves the slot waiting to restart: still `crashed`.
          slot.status = slot.restartTimer ? 'crashed' : 'down';
        }
        if (slot.incoming === gen) slot.incoming = null;
        if (slot.oneOff) slot.removing = true;
        this.ctx.recordChanged();
        // Even one that never came up may be in the router's table as `starting`, holding requests.
        this.changed();
        this.reconcile(slot);
      }
    })();
  }

  private async drain(name: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => { timer = setTimeout(resolve, this.ctx.graceMs); });
    try {
      const drained = Promise.resolve().then(() => this.ctx.hooks.beforeStop(this.app, name)).catch(() => undefined);
      await Promise.race([drained, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  // ---- notifications -------------------------------------------------------------------------

  lifecycle(slot: Slot, text: string): void {
    safely(() => this.ctx.hooks.lifecycle(this.app, slot.name, text));
  }

  changed(): void {
    this.rollouts.schedule();
    safely(() => this.ctx.hooks.dynosChanged(this.app));
    // Every state change matters to the router (it answers H10, H14 and H20 by them), not only up/down.
    safely(() => this.ctx.hooks.routingChanged(this.app));
    const waiting = this.waiters.splice(0);
    for (const check of waiting) check();
  }
}
