// The engine's side of app repositories: made with every app, hooks refreshed at start (the
// node or CLI they name may have moved with an upgrade), removed with the app.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineCore } from '../engine-core.js';
import { appRepoPath, ensureAppRepo } from './app-repo.js';

/** Every app's repository, in parallel; git being absent is told once, not per app. */
export async function ensureAllRepos(core: EngineCore, warn: (message: string) => void): Promise<void> {
  const failures = await Promise.all(core.registry.list().map((rec) =>
    ensureAppRepo(core.config.dataDir, rec.name, core.gitHook).then(() => null, (err: unknown) => err instanceof Error ? err.message : String(err))));
  const first = failures.find((f) => f !== null);
  if (first) warn(`git push will not work until this is fixed: ${first}`);
}

/** The app's git URL (its bare repository's path), or null before it has one. */
export function gitRemoteOf(core: EngineCore, app: string): string | null {
  const repo = appRepoPath(core.config.dataDir, app);
  return existsSync(join(repo, 'HEAD')) ? repo : null;
}
