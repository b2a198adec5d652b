import { randomInt } from 'node:crypto';
import { DEFAULT_APP_SETTINGS, MAX_DYNOS_PER_APP, MAX_DYNOS_PER_TYPE } from '../../../shared/defaults.js';
import { appNameProblem, configSizeProblem, formationProblem } from '../../../shared/validation.js';
import { allocateAppPort } from '../apps/app-port.js';
import { usedPorts } from '../apps/deploy-record.js';
import { addRelease } from '../apps/registry.js';
import { settleRelease } from '../apps/release-outcome.js';
import { releaseDTOs, rollbackConfig, rollbackTarget } from '../apps/releases.js';
import type { EngineCore } from '../engine-core.js';
import { UserError } from '../errors.js';
import { ensureAppRepo, removeAppRepo } from '../git/app-repo.js';
import type { HandlerMap } from './handler.js';

type ReleaseHandlers = Pick<HandlerMap, 'apps.create' | 'releases.list' | 'releases.rollback' | 'builds.cachePurge'>;

export const releaseHandlers: ReleaseHandlers = {
  /** `dynodesk create`: an app with a git remote and nothing else yet; its first push is v1. */
  'apps.create': async (core, { name }) => {
    if (name !== undefined) {
      const problem = appNameProblem(name);
      if (problem) throw new UserError(problem);
    }
    const chosen = name ?? generatedName(core);
    return core.withAppLock(chosen, async () => {
      if (core.registry.find(chosen)) throw new UserError(`Name ${chosen} is already taken`, 'conflict');
      // The repository first: without git there is nothing to push to, and no app is made.
      await ensureAppRepo(core.config.dataDir, chosen, core.gitHook);
      try {
        core.registry.add({
          name: chosen, path: null,
          port: await allocateAppPort(core.routerPort, core.config.routerHost, usedPorts(core)),
          formation: {}, config: {}, settings: { ...DEFAULT_APP_SETTINGS }, releases: [], build: null, addonConfigKeys: [],
        });
      } catch (err) {
        await removeAppRepo(core.config.dataDir, chosen);
        throw err;
      }
      core.logs.add(chosen, 'dynodesk', 'api', 'App created: push to its git remote to deploy it');
      await core.syncRouting();
      core.appChanged(chosen);
      return { name: chosen };
    });
  },

  'releases.list': async (core, { app }) => {
    const rec = core.registry.get(app);
    return releaseDTOs(rec, core.supervisor.releaseStatus(app), (slug) => core.slugs.has(app, slug));
  },

  /**
   * Heroku's rollback: a new release with an earlier release's slug and config vars. Add-ons are
   * not rolled back: their variables keep today's values. Dynos roll onto it like any release.
   */
  'releases.rollback': async (core, { app, version }) => {
    const recorded = await core.withAppLock(app, async () => {
      const rec = core.registry.get(app);
      const target = rollbackTarget(rec, version, (slug) => core.slugs.has(app, slug));
      const build = target.build;
      if (!build) throw new UserError(`Cannot roll back ${app} to v${target.version}: it has no build`, 'invalid');
      const config = rollbackConfig(target, rec);
      const sizeProblem = configSizeProblem(config);
      if (sizeProblem) throw new UserError(`${sizeProblem}. Nothing was changed.`);
      let release = 0;
      const next = core.registry.update(app, (draft) => {
        draft.build = structuredClone(build);
        draft.config = config;
        // The process types of the release rolled back to; quantities stay as they are now.
        const formation: Record<string, number> = {};
        for (const type of Object.keys(build.commands)) formation[type] = draft.formation[type] ?? (type === 'web' ? 1 : 0);
        const problem = formationProblem(Object.keys(build.commands), formation, MAX_DYNOS_PER_TYPE, MAX_DYNOS_PER_APP);
        if (problem) throw new UserError(problem);
        draft.formation = formation;
        release = addRelease(draft, `Rollback to v${target.version}`, 'rollback');
      });
      core.logs.add(app, 'dynodesk', 'api', `Rollback to v${target.version} (release v${release})`);
      await core.applyFormation(next);
      core.appChanged(app);
      return { release, rollout: core.supervisor.rolloutDone(app) };
    });
    return { release: recorded.release, warning: await settleRelease(core, app, recorded.release, recorded.rollout) };
  },

  'builds.cachePurge': async (core, { app }) => {
    core.registry.get(app);
    return core.withAppLock(app, async () => {
      // A build restores and saves the cache as it goes: emptying it under the build would corrupt both.
      if (core.deploying.has(app)) throw new UserError(`A build of ${app} is running: purge its cache once the build is done`, 'conflict');
      const freedBytes = await core.slugs.purgeCache(app);
      core.logs.add(app, 'dynodesk', 'api', 'Build cache purged: the next build installs every dependency afresh');
      return { freedBytes };
    });
  },
};

const ADJECTIVES = ['calm', 'brisk', 'quiet', 'sunny', 'mossy', 'rapid', 'amber', 'lucky', 'misty', 'polar', 'vivid', 'gentle'];
const NOUNS = ['harbor', 'meadow', 'summit', 'river', 'canyon', 'forest', 'island', 'comet', 'garden', 'valley', 'lagoon', 'ridge'];

/** Heroku-style: two words and four digits, retried until free. */
function generatedName(core: EngineCore): string {
  for (let i = 0; i < 100; i++) {
    const name = `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${NOUNS[randomInt(NOUNS.length)]}-${randomInt(1000, 10000)}`;
    if (!core.registry.find(name)) return name;
  }
  throw new UserError('Could not pick a free app name: give one (dynodesk create NAME)');
}
