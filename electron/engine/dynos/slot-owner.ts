// What the parts of one app's dyno manager may ask of the app (AppDynos implements it). The event
// handler and the rollout control depend on this, not on AppDynos itself, so none of them import
// each other in a circle.
import type { DynoContext } from './dyno-context.js';
import type { Generation, Slot } from './slot.js';
import type { ProcessRelease } from './types.js';

export interface SlotOwner {
  readonly app: string;
  readonly ctx: DynoContext;
  readonly slots: ReadonlyMap<string, Slot>;
  /** The release new generations start from; the rollout control moves it back when a roll fails. */
  release: ProcessRelease | null;
  isCurrent(slot: Slot, gen: Generation): boolean;
  /** Take the next step toward the slot's wanted state. */
  reconcile(slot: Slot): void;
  retire(slot: Slot, gen: Generation): void;
  lifecycle(slot: Slot, text: string): void;
  changed(): void;
}
