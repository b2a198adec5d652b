// What happens when a generation reports something: it came up, it exited (a crash unless we
// were stopping it), or it failed to bind $PORT in time. Crashes go through the restart policy.
import type { DynoState } from '../../../shared/types.js';
import type { AppDynos } from './app-dynos.js';
import { safely } from './dyno-context.js';
import type { GenerationOwner } from './generation.js';
import { lifecycleText } from './lifecycle-text.js';
import { bootTimeoutHint, listeningPorts } from './listening-ports.js';
import { decideRestart } from './restart-policy.js';
import type { Generation, Slot } from './slot.js';

export class GenerationEvents implements GenerationOwner {
  constructor(private readonly owner: AppDynos) {}

  stateChanged(slot: Slot, gen: Generation, from: DynoState, to: DynoState): void {
    this.owner.lifecycle(slot, lifecycleText.stateChanged(from, to));
    this.owner.changed(slot.type === 'web' && (from === 'up' || to === 'up'));
    if (to !== 'up') return;
    // Children usually exist by now: record them early, in case the engine dies before the next sample.
    void gen.proc.refreshTree().then(() => this.owner.ctx.recordChanged(), () => undefined);
    this.owner.reconcile(slot);
  }

  bootTimedOut(slot: Slot, gen: Generation): void {
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
    if (slot.incoming === gen) {
      // A replacement that fails takes the old generation down with it, as on Heroku.
      slot.incoming = null;
      if (slot.current && !slot.current.proc.stopRequested) this.owner.retire(slot, slot.current);
    }
    // Whatever the crashed process left running dies with it.
    slot.leaving.add(gen);
    void gen.proc.kill().finally(() => {
      slot.leaving.delete(gen);
      this.owner.ctx.recordChanged();
      this.owner.changed();
      this.owner.reconcile(slot);
    });
    safely(() => this.owner.ctx.hooks.crashed(this.owner.app, slot.name, status));
    this.crashed(slot, status, (gen.proc.exitedAt ?? Date.now()) - gen.proc.startedAt, wasUp);
  }

  /** Record a crash and schedule the restart the policy asks for. */
  crashed(slot: Slot, status: number | null, uptimeMs: number, wasUp: boolean): void {
    slot.status = 'crashed';
    slot.lastExit = status;
    const decision = decideRestart(this.owner.ctx.policy, slot.crash, uptimeMs, this.owner.ctx.random());
    slot.crash = decision.history;
    if (decision.action === 'give-up') {
      slot.gaveUp = true;
      this.owner.lifecycle(slot, lifecycleText.crashLoop(decision.history.consecutiveCrashes));
    } else {
      if (slot.restartTimer) clearTimeout(slot.restartTimer);
      slot.restartTimer = setTimeout(() => {
        slot.restartTimer = null;
        this.owner.reconcile(slot);
        this.owner.changed();
      }, decision.delayMs);
    }
    this.owner.changed(wasUp && slot.type === 'web');
  }
}
