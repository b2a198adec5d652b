// LAN access: whether the router listens on every interface or on this machine only, the persisted
// preference behind it, and the per-run override of `dynodesk serve --lan`.
import { UserError } from '../errors.js';
import type { RouterHandle } from '../router/types.js';
import type { Preferences, PreferencesStore } from '../state/preferences.js';

export const LOOPBACK_HOST = '127.0.0.1';
export const ANY_HOST = '0.0.0.0';

/** The router's listening address for a preference and an override. */
export function routerHostFor(lanAccess: boolean, forced: boolean): string {
  return lanAccess || forced ? ANY_HOST : LOOPBACK_HOST;
}

export class LanAccess {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: PreferencesStore,
    private prefs: Preferences,
    private readonly router: Pick<RouterHandle, 'host' | 'setHost'>,
    /** `serve --lan`: on for this run whatever the preference says; never written to the file. */
    readonly forced: boolean,
  ) {}

  /** Whether other devices can reach the router right now. */
  get enabled(): boolean {
    return this.router.host !== LOOPBACK_HOST;
  }

  /** The saved choice (what the next start uses without --lan). */
  get preference(): boolean {
    return this.prefs.lanAccess;
  }

  /**
   * Rebind the router, then save the choice. One change at a time. A failed bind leaves the router
   * where it was and the file untouched (the router's UserError names the port).
   */
  set(enabled: boolean): Promise<void> {
    const run = this.chain.then(() => this.apply(enabled));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async apply(enabled: boolean): Promise<void> {
    if (!enabled && this.forced) {
      throw new UserError('LAN access was turned on for this run by `dynodesk serve --lan`; restart the engine without --lan to turn it off.', 'conflict');
    }
    const before = this.router.host;
    await this.router.setHost(routerHostFor(enabled, this.forced));
    const next = { ...this.prefs, lanAccess: enabled };
    try {
      this.store.save(next);
    } catch (err) {
      // The choice must not silently fail to stick: undo the rebind and say why.
      await this.router.setHost(before).catch(() => undefined);
      throw new UserError(`Could not save the LAN access setting to ${this.store.path}: ${err instanceof Error ? err.message : String(err)}`, 'failed');
    }
    this.prefs = next;
  }
}
