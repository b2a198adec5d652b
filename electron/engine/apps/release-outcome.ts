// After a release is recorded: wait for its roll like every rolling command does, persist how it
// went on its row (so `releases` tells it after a restart), then let the retention window drop
// slugs nobody can use any more.
import type { RolloutOutcome } from '../dynos/rollout.js';
import type { EngineCore } from '../engine-core.js';
import { forgetPrunedRows, slugsToKeep } from './releases.js';
import { rolloutWarning } from './rollout-wait.js';

export async function settleRelease(core: EngineCore, app: string, version: number, rollout: Promise<RolloutOutcome>): Promise<string | null> {
  const recorded = rollout.then((outcome) => {
    recordOutcome(core, app, version, outcome);
    return outcome;
  });
  try {
    return await rolloutWarning(core, recorded);
  } finally {
    pruneSlugs(core, app);
  }
}

function recordOutcome(core: EngineCore, app: string, version: number, outcome: RolloutOutcome): void {
  // A superseded roll never finished: its row stays pending, as it was when the next release took over.
  if (outcome.status === 'superseded') return;
  const row = core.registry.find(app)?.releases.find((r) => r.version === version);
  if (!row || row.status === outcome.status) return;
  core.registry.update(app, (draft) => {
    const target = draft.releases.find((r) => r.version === version);
    if (target) target.status = outcome.status;
  });
}

/**
 * Drop the slugs outside the retention window (rows first, so nothing offers a slug being
 * removed). The removal runs on; the slug store tracks it and the engine waits for it at close.
 */
export function pruneSlugs(core: EngineCore, app: string): void {
  const rec = core.registry.find(app);
  if (!rec) return;
  const running = core.supervisor.list(app).flatMap((d) => (d.release === null ? [] : [d.release]));
  const keep = slugsToKeep(rec, running);
  // A dyno still on an old slug (draining after a roll) keeps it alive until the dyno is gone:
  // look again when the app's dynos change.
  if (keep.size > slugsToKeep(rec, []).size) core.slugs.recheck.add(app);
  else core.slugs.recheck.delete(app);
  if (rec.releases.some((r) => r.build !== null && (r.build.slug === null || !keep.has(r.build.slug)))) {
    core.registry.update(app, (draft) => forgetPrunedRows(draft, keep));
  }
  core.slugs.prune(app, keep).catch((err: unknown) => {
    process.emitWarning(`Dynodesk: could not remove old slugs of ${app}: ${err instanceof Error ? err.message : String(err)}`);
  });
}
