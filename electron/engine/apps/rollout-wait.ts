// Commands that roll dynos (deploy, config changes, restarts) answer once the roll has finished or
// stopped. The release is recorded either way: dynos that crash are not a failed command (as on
// Heroku), so a stopped roll comes back as a warning for the caller to show, not as an error.
import type { RolloutOutcome } from '../dynos/rollout.js';
import type { EngineCore } from '../engine-core.js';

export async function rolloutWarning(core: EngineCore, outcome: Promise<RolloutOutcome>): Promise<string | null> {
  // Replacements are bounded by the boot timeout (R10), a canary first and then the rest together:
  // the cap only keeps a caller from waiting forever on a roll that never ends for a reason unforeseen.
  const capMs = 2 * core.config.bootTimeoutMs + core.config.graceMs + 30_000;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), capMs); });
  try {
    const result = await Promise.race([outcome, late]);
    if (result === 'late') {
      return `the web dynos are still rolling out after ${Math.round(capMs / 1000)} s; the old ones serve until their replacements are up (see \`dynodesk ps\`)`;
    }
    return result.status === 'failed' ? result.message : null;
  } finally {
    clearTimeout(timer);
  }
}
