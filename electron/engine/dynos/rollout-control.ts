// Guarded rolls for one app. While web dynos serve, a new release (or a restart) replaces them one
// canary first, then the rest together, each old dyno staying in rotation until its replacement
// is up. The first replacement that crashes or times out stops the roll: release and restart
// tokens go back to what serves, the failed release is not retried by the crash policy, and the
// user is told why. A restart retries it; a newer release replaces it.
import type { ReleaseStatusDTO } from '../../../shared/types.js';
import { safely } from './dyno-context.js';
import { Rollout, type RolloutOutcome } from './rollout.js';
import { rolloutText } from './rollout-text.js';
import type { Generation, Slot } from './slot.js';
import type { SlotOwner } from './slot-owner.js';
import type { ProcessRelease } from './types.js';

/** With no roll under way there is nothing that could stop. */
const NOTHING_TO_ROLL: Promise<RolloutOutcome> = Promise.resolve({ status: 'succeeded' });

export class RolloutControl {
  current: Rollout | null = null;
  status: ReleaseStatusDTO | null = null;
  /** The release whose roll stopped. Re-applying it (a scale, a settings change) keeps the old one serving. */
  private failed: ProcessRelease | null = null;
  private stepQueued = false;

  constructor(private readonly owner: SlotOwner) {}

  /** The outcome of the roll under way now. */
  done(): Promise<RolloutOutcome> {
    return this.current?.done ?? NOTHING_TO_ROLL;
  }

  /** What apply() should run: the failed release, applied again, stays on the release that serves. */
  effective(release: ProcessRelease): ProcessRelease {
    const serving = this.owner.release;
    if (this.failed?.version !== release.version || !serving) return release;
    return { ...serving, memoryQuotaMb: release.memoryQuotaMb };
  }

  /** Switch the app to a new release (after its formation is in place); guarded when a web dyno serves. */
  begin(release: ProcessRelease): void {
    const previous = this.current;
    // A roll superseded half-way falls back to what served before it, not to its own target.
    const fallback = previous?.fallback ?? this.owner.release;
    previous?.finish({ status: 'superseded' });
    this.current = null;
    this.failed = null;
    this.owner.release = release;
    const web = this.webSlots();
    if (fallback && web.some((s) => isServing(s.current))) {
      this.current = new Rollout(release.version, fallback, previous?.tokens ?? new Map(web.map((s) => [s, s.wanted])));
      this.status = { version: release.version, status: 'pending', reason: null, serving: fallback.version };
    } else {
      // Nothing serves (a first release, or every web dyno down): its crashes are plain crashes.
      this.status = { version: release.version, status: 'pending', reason: null, serving: null };
    }
  }

  /**
   * Before `chosen` get new restart tokens. A failed release is retried app-wide (returns true:
   * every slot restarts); otherwise web slots that serve are guarded by a restart roll.
   */
  restart(chosen: Slot[]): boolean {
    if (this.failed) {
      const retry = this.failed;
      this.begin({ ...retry, memoryQuotaMb: this.owner.release?.memoryQuotaMb ?? retry.memoryQuotaMb });
      return true;
    }
    const release = this.owner.release;
    const serving = chosen.filter((s) => s.type === 'web' && isServing(s.current));
    if (!release || serving.length === 0) return false;
    this.current ??= new Rollout(release.version, release, new Map());
    for (const s of serving) if (!this.current.tokens.has(s)) this.current.tokens.set(s, s.wanted);
    return false;
  }

  /** Until a replacement is up, only one boots at a time: a bad release costs one dyno's boot, not all. */
  mayBootReplacement(slot: Slot): boolean {
    const roll = this.current;
    if (!roll || roll.proven) return true;
    return !this.webSlots().some((s) => s !== slot && isBootingReplacement(s));
  }

  /**
   * A web generation of the roll's target failed (`gen` null: it could not even start). Stops the
   * roll and returns true, or returns false when no roll covers it (a plain crash).
   */
  fail(slot: Slot, gen: Generation | null, reason: string): boolean {
    const roll = this.current;
    const release = this.owner.release;
    if (!roll || !release || !this.inRoll(roll, slot)) return false;
    if (gen && !this.owner.isCurrent(slot, gen)) return false;
    this.current = null;
    for (const [s, token] of roll.tokens) s.wanted = token;
    const serving = roll.fallback.version;
    let message: string;
    if (roll.isRestart) {
      message = rolloutText.restartStopped(reason, serving);
    } else {
      this.failed = release;
      this.owner.release = { ...roll.fallback, memoryQuotaMb: release.memoryQuotaMb };
      this.status = { version: roll.version, status: 'failed', reason, serving };
      message = rolloutText.releaseFailed(roll.version, reason, serving);
    }
    roll.finish({ status: 'failed', message });
    safely(() => this.owner.ctx.hooks.rolloutStopped(this.owner.app, message));
    // Replacements still booting are stopped; slots that already moved roll back to what serves.
    for (const s of [...this.owner.slots.values()]) this.owner.reconcile(s);
    this.owner.changed();
    return true;
  }

  /** The app is going away: nobody waits for its roll any more. */
  abandon(): void {
    this.current?.finish({ status: 'superseded' });
    this.current = null;
  }

  /** Look at the roll after a change (coalesced: many changes come in one burst). */
  schedule(): void {
    if (this.stepQueued) return;
    this.stepQueued = true;
    queueMicrotask(() => {
      this.stepQueued = false;
      this.step();
    });
  }

  private step(): void {
    const web = this.webSlots();
    const onTarget = (s: Slot): boolean =>
      [s.current, s.incoming].some((g) => g !== null && isServing(g) && this.owner.isCurrent(s, g));
    const roll = this.current;
    if (!roll) {
      const st = this.status;
      if (st?.status === 'pending' && web.every(onTarget)) {
        this.status = { ...st, status: 'succeeded', serving: st.version };
        this.owner.changed();
      }
      return;
    }
    if (web.every(onTarget)) {
      this.current = null;
      if (!roll.isRestart) this.status = { version: roll.version, status: 'succeeded', reason: null, serving: roll.version };
      roll.finish({ status: 'succeeded' });
      this.owner.changed();
      return;
    }
    if (!roll.proven && web.some((s) => this.inRoll(roll, s) && onTarget(s))) roll.proven = true;
    // Slots held back for the canary go once it is up, or once it is gone without failing (scaled away).
    if (roll.proven || !web.some(isBootingReplacement)) for (const s of web) this.owner.reconcile(s);
  }

  private inRoll(roll: Rollout, slot: Slot): boolean {
    // A slot being scaled away no longer says anything about the release.
    if (slot.oneOff || slot.removing || slot.type !== 'web') return false;
    return !roll.isRestart || roll.tokens.has(slot);
  }

  private webSlots(): Slot[] {
    return [...this.owner.slots.values()].filter((s) => !s.oneOff && !s.removing && s.type === 'web');
  }
}

function isServing(gen: Generation | null): boolean {
  return gen !== null && gen.proc.state === 'up' && !gen.proc.stopRequested;
}

function isBootingReplacement(slot: Slot): boolean {
  if (slot.spawning && slot.current !== null) return true;
  const inc = slot.incoming;
  return inc !== null && !inc.proc.stopRequested && inc.proc.state === 'starting';
}
