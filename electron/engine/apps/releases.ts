// Release rows: what each records for a rollback, what clients see of them, and which slugs the
// retention window keeps. Heroku keeps every slug; on a laptop, the last few are what anyone
// rolls back to, and a node_modules per release adds up.
import type { ReleaseDTO, ReleaseSource, ReleaseStatusDTO } from '../../../shared/types.js';
import { UserError } from '../errors.js';
import { currentRelease, type AppRecord, type ReleaseRecord } from './app-record.js';

/** Slugs of this many newest releases are kept, plus any a running dyno uses. */
export const SLUGS_KEPT = 5;

/**
 * Append release N+1 to a draft whose build, config and add-on keys are already final: the row
 * keeps a copy of them, which is what a rollback to it restores.
 */
export function appendRelease(app: AppRecord, description: string, source: ReleaseSource): number {
  const version = currentRelease(app) + 1;
  app.releases.push({
    version,
    description,
    createdAt: new Date().toISOString(),
    source,
    status: 'pending',
    build: app.build ? structuredClone(app.build) : null,
    config: { ...app.config },
    addonConfigKeys: [...app.addonConfigKeys],
  });
  return version;
}

export function isRestorable(row: ReleaseRecord, slugExists: (slug: string) => boolean): boolean {
  return row.build !== null && row.build.slug !== null && row.config !== null && slugExists(row.build.slug);
}

/** Newest first. The current release's status is the live one while its roll is under way. */
export function releaseDTOs(rec: AppRecord, live: ReleaseStatusDTO | null, slugExists: (slug: string) => boolean): ReleaseDTO[] {
  const current = currentRelease(rec);
  return [...rec.releases].reverse().map((row) => {
    const commit = row.build?.commit;
    return {
      version: row.version,
      description: row.description,
      createdAt: row.createdAt,
      current: row.version === current,
      status: live && live.version === row.version ? live.status : row.status,
      source: row.source,
      ...(commit === undefined ? {} : { commit }),
      restorable: isRestorable(row, slugExists),
    };
  });
}

/** The slugs to keep: the newest releases', the current build's, and those dynos run now. */
export function slugsToKeep(rec: AppRecord, runningVersions: readonly number[]): Set<string> {
  const keep = new Set<string>();
  const add = (slug: string | null | undefined): void => { if (slug) keep.add(slug); };
  add(rec.build?.slug);
  for (const row of rec.releases.slice(-SLUGS_KEPT)) add(row.build?.slug);
  const running = new Set(runningVersions);
  for (const row of rec.releases) if (running.has(row.version)) add(row.build?.slug);
  return keep;
}

/** Rows whose slug is going: they can no longer be restored, so their copies are dropped. */
export function forgetPrunedRows(draft: AppRecord, keep: ReadonlySet<string>): void {
  for (const row of draft.releases) {
    const slug = row.build?.slug;
    if (row.build && (slug === null || slug === undefined || !keep.has(slug))) {
      row.build = null;
      row.config = null;
    }
  }
}

/** The release a rollback returns to (without a version: the one before the current), or a clear refusal. */
export function rollbackTarget(rec: AppRecord, version: number | undefined, slugExists: (slug: string) => boolean): ReleaseRecord {
  const current = currentRelease(rec);
  if (current === 0) throw new UserError(`${rec.name} has no releases yet: there is nothing to roll back to`, 'invalid');
  const wanted = version ?? current - 1;
  if (wanted < 1) throw new UserError(`${rec.name} has only one release (v${current}): there is nothing before it to roll back to`, 'invalid');
  const row = rec.releases.find((r) => r.version === wanted);
  if (!row) {
    const reason = wanted > current ? `the newest is v${current}` : 'it is older than the releases Dynodesk keeps';
    throw new UserError(`${rec.name} has no release v${wanted}: ${reason}`, 'not_found');
  }
  if (!isRestorable(row, slugExists)) {
    const restorable = rec.releases.filter((r) => isRestorable(r, slugExists)).map((r) => `v${r.version}`);
    const why = `its slug is no longer kept (Dynodesk keeps the slugs of the last ${SLUGS_KEPT} releases and of the running one; releases made before Dynodesk kept slugs have none)`;
    throw new UserError(`Cannot roll back ${rec.name} to v${wanted}: ${why}. Releases you can roll back to: ${restorable.join(', ') || 'none'}`, 'invalid');
  }
  return row;
}

/**
 * The rolled-back release's config vars, except those of add-ons: add-ons are not rolled back, so
 * the variables of the add-ons attached now keep their current values, and those of add-ons
 * attached then but detached since stay gone.
 */
export function rollbackConfig(target: ReleaseRecord, now: AppRecord): Record<string, string> {
  const addonKeys = new Set([...now.addonConfigKeys, ...target.addonConfigKeys]);
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(target.config ?? {})) {
    if (!addonKeys.has(key)) config[key] = value;
  }
  for (const key of now.addonConfigKeys) {
    const value = now.config[key];
    if (value !== undefined) config[key] = value;
  }
  return config;
}
