import { randomUUID } from 'node:crypto';
import { deploy } from '../apps/deploy.js';
import { releaseDTOs } from '../apps/releases.js';
import { gitRemoteOf } from '../git/engine-repos.js';
import { removeAppRepo } from '../git/app-repo.js';
import type { HandlerMap } from './handler.js';

type AppHandlers = Pick<HandlerMap, 'apps.list' | 'apps.info' | 'apps.deploy' | 'apps.destroy' | 'apps.settings' | 'logs.get' | 'stats.get'>;

export const appHandlers: AppHandlers = {
  'apps.list': async (core) => core.registry.list().map((rec) => core.appDTO(rec)),

  'apps.info': async (core, { app }) => {
    const rec = core.registry.get(app);
    return {
      ...core.appDTO(rec),
      releases: releaseDTOs(rec, core.supervisor.releaseStatus(app), (slug) => core.slugs.has(app, slug)).slice(0, 20),
      configKeys: Object.keys(rec.config).sort(),
      slugBytes: await core.slugs.slugBytes(app),
      cacheBytes: await core.slugs.cacheBytes(app),
      gitRemote: gitRemoteOf(core, app),
    };
  },

  'apps.deploy': async (core, { path, name, deployId, env, git }) => {
    const outcome = await deploy(core, {
      path, deployId: deployId ?? randomUUID(), ...(name === undefined ? {} : { name }), ...(env === undefined ? {} : { env }), ...(git === undefined ? {} : { git }),
    });
    return { app: core.appDTO(core.registry.get(outcome.name)), release: outcome.release, warning: outcome.warning };
  },

  'apps.destroy': async (core, { app }) => {
    core.registry.get(app);
    return core.withAppLock(app, async () => {
      core.autodeploy.stop(app);
      await core.supervisor.removeApp(app);
      // After the dynos (they may be using them), before the app is forgotten (a failure leaves it listed).
      const addons = await core.addons.destroyForApp(app);
      core.registry.remove(app);
      core.logs.remove(app);
      // Its slugs, build cache and git repository go with it (a later push says the app is gone).
      await core.slugs.removeApp(app);
      await removeAppRepo(core.config.dataDir, app);
      await core.syncRouting();
      core.emit({ event: 'app.removed', payload: { name: app } });
      return { name: app, addons };
    });
  },

  'apps.settings': async (core, { app, settings }) => core.withAppLock(app, async () => {
    // Watch before saving: an app that cannot be watched (no folder) refuses the setting, and nothing changes.
    const startWatching = settings.autodeploy === true && !core.autodeploy.isWatching(app);
    if (startWatching) await core.autodeploy.start(app);
    let rec;
    try {
      rec = core.registry.update(app, (draft) => { Object.assign(draft.settings, settings); });
    } catch (err) {
      if (startWatching) core.autodeploy.stop(app);
      throw err;
    }
    if (settings.autodeploy === false) core.autodeploy.stop(app);
    const changed = Object.entries(settings).map(([k, v]) => `${k}=${String(v)}`).join(' ');
    core.logs.add(app, 'dynodesk', 'api', `Settings changed: ${changed}`);
    await core.syncRouting();
    if (settings.memoryQuotaMb !== undefined) await core.applyFormation(rec);
    core.appChanged(app);
    return { ...rec.settings };
  }),

  'logs.get': async (core, { app, lines, dyno, source }) => {
    core.registry.get(app);
    return core.logs.tail(app, lines ?? 100, { ...(dyno !== undefined ? { dyno } : {}), ...(source !== undefined ? { source } : {}) });
  },

  'stats.get': async (core, { app }) => {
    core.registry.get(app);
    return core.router.stats(app);
  },
};

