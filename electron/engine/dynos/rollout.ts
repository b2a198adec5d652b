// One guarded roll: an app's web dynos moving onto a new release (or fresh restart tokens) while
// the old ones keep serving. It ends when every web slot has an up generation of the target, or
// stops at the first target web generation that crashes or times out.
import type { ProcessRelease } from './types.js';
import type { Slot } from './slot.js';

export type RolloutOutcome =
  | { status: 'succeeded' }
  /** The roll stopped; `message` says which dyno failed and what keeps serving. */
  | { status: 'failed'; message: string }
  /** A newer release, or removing the app, took over before this roll ended. */
  | { status: 'superseded' };

export class Rollout {
  /** A target web generation has come up: the remaining slots may boot their replacements together. */
  proven = false;
  private result: RolloutOutcome | null = null;
  private settle: (outcome: RolloutOutcome) => void = () => undefined;
  readonly done: Promise<RolloutOutcome>;

  constructor(
    /** The release version being rolled out (the serving one's, for a restart). */
    readonly version: number,
    /** What serves now, and what the app goes back to if the roll stops. */
    readonly fallback: ProcessRelease,
    /** Each web slot's restart token when the roll began: a stopped roll puts them back. */
    readonly tokens: Map<Slot, number>,
  ) {
    this.done = new Promise((resolve) => { this.settle = resolve; });
  }

  /** Restarting the release that serves, rather than replacing it. */
  get isRestart(): boolean {
    return this.version === this.fallback.version;
  }

  get finished(): boolean {
    return this.result !== null;
  }

  finish(outcome: RolloutOutcome): void {
    if (this.result) return;
    this.result = outcome;
    this.settle(outcome);
  }
}
