// What happens when a generation reports something: it came up, it exited (a crash unless we
// were stopping it), or it failed to bind $PORT in time. Crashes go through the restart policy,
// except a guarded roll's: those stop the roll instead (rollout-control.ts). The policy never gives
// up: a crashed dyno always has a next restart, at `restartAt`.
import type { DynoState } from '../../../shared/types.js';
import { safely } from './dyno-context.js';
import type { GenerationOwner } from './generation.js';
import { lifecycleText } from './lifecycle-text.js';
import { bootTimeoutHint, listeningPorts } from './listening-ports.js';
import { decideRestart } from './restart-policy.js';
import type { RolloutControl } from './rollout-control.js';
import { rolloutText } from './rollout-text.js';
import type { Generation, Slot } from './slot.js';
import type { SlotOwner } from './slot-owner.js';

/** The app side of generation events: its slots, and the rollout that a failing replacement stops. */
export interface GenerationEventsOwner extends SlotOwner {
  readonly rollouts: RolloutControl;
}

export class GenerationEvents implements GenerationOwner {
  constructor(private readonly owner: GenerationEventsOwner) {}

  stateChanged(slot: Slot, gen: Generation, from: DynoState, to: DynoState): void {
    // A one-off ends in `complete` (logged by exited()), as on Heroku, not in `down`.
    if (!(slot.oneOff && to === 'down')) this.owner.lifecycle(slot, lifecycleText.stateChanged(from, to));
    this.owner.changed();
    if (to !== 'up') return;
    // Children usually exist by now: record them early, in case the engine dies before the next sample.
    void gen.proc.refreshTree().then(() => this.owner.ctx.recordChanged(), () => undefined);
    this.owner.reconcile(slot);
  }

  bootTimedOut(slot: Slot, gen: Generation): void {
    gen.bootTimedOut = true;
    void (async () => {
      await gen.proc.refreshTree().catch(() => undefined);
      const ports = listeningPorts(gen.proc.tree.alive().map((r) => r.pid));
      this.owner.lifecycle(slot, lifecycleText.bootTimeout(this.owner.ctx.bootTimeoutMs));
      this.owner.lifecycle(slot, bootTimeoutHint(ports, gen.port ?? 0));
      // Killed, not stopped: the exit then counts as a crash.
      await gen.proc.kill();
    })();
  }

  exited(slot: Slot, gen: Generation, status: number | null, expected: boolean): void {
    slot.lastExit = status;
    this.owner.ctx.recordChanged();
    if (slot.oneOff) {
      this.owner.lifecycle(slot, lifecycleText.stateChanged(gen.proc.state, 'complete'));
      if (expected) return; // retire() removes the slot when the stop completes
      // It ended by itself: kill whatever it left running, then the slot goes away.
      gen.proc.stopRequested = true;
      slot.current = null;
      slot.leaving.add(gen);
      void gen.proc.kill().finally(() => {
        slot.leaving.delete(gen);
        slot.removing = true;
        this.owner.reconcile(slot);
      });
      return;
    }
    if (expected) return this.owner.changed(); // retire() takes it from here
    const wasUp = gen.proc.state === 'up';
    this.owner.lifecycle(slot, lifecycleText.stateChanged(gen.proc.state, 'crashed'));
    if (slot.current === gen) slot.current = null;
    // A replacement that fails never takes the generation it was to replace down: that one keeps serving.
    if (slot.incoming === gen) slot.incoming = null;
    // Whatever the crashed process left running dies with it.
    slot.leaving.add(gen);
    void gen.proc.kill().finally(() => {
      slot.leaving.delete(gen);
      this.owner.ctx.recordChanged();
      this.owner.changed();
      this.owner.reconcile(slot);
    });
    safely(() => this.owner.ctx.hooks.crashed(this.owner.app, slot.name, status));
    // Part of a guarded roll: the roll stops and the old release serves on, so no restart of this one.
    if (this.owner.rollouts.fail(slot, gen, this.failureReason(slot, gen, status, wasUp))) return;
    // A plain crash, or a replacement outside a guarded roll (rolling back): the restart policy decides.
    this.crashed(slot, status, (gen.proc.exitedAt ?? Date.now()) - gen.proc.startedAt);
  }

  private failureReason(slot: Slot, gen: Generation, status: number | null, wasUp: boolean): string {
    if (gen.bootTimedOut) return rolloutText.bootTimeout(slot.name, this.owner.ctx.bootTimeoutMs);
    return wasUp ? rolloutText.crashed(slot.name, status) : rolloutText.crashedDuringBoot(slot.name, status);
  }

  /** Record a crash and schedule the restart the policy asks for. */
  crashed(slot: Slot, status: number | null, uptimeMs: number): void {
    slot.status = 'crashed';
    slot.lastExit = status;
    const decision = decideRestart(this.owner.ctx.policy, slot.crash, uptimeMs, this.owner.ctx.random());
    slot.crash = decision.history;
    // The slot owns the timer: a user action, a new release or removal cancels it (slot.cancelRestart).
    slot.cancelRestart();
    slot.restartAt = Date.now() + decision.delayMs;
    slot.restartTimer = setTimeout(() => {
      slot.restartTimer = null;
      slot.restartAt = null;
      this.owner.reconcile(slot);
      this.owner.changed();
    }, decision.delayMs);
    // Up or still booting, the router must stop counting on it (a `starting` entry holds requests).
    this.owner.changed();
  }
}
