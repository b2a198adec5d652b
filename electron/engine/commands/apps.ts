import { randomUUID } from 'node:crypto';
import { deploy } from '../apps/deploy.js';
import type { HandlerMap } from './handler.js';

type AppHandlers = Pick<HandlerMap, 'apps.list' | 'apps.info' | 'apps.deploy' | 'apps.destroy' | 'apps.settings' | 'logs.get' | 'stats.get'>;

export const appHandlers: AppHandlers = {
  'apps.list': async (core) => core.registry.list().map((rec) => core.appDTO(rec)),

  'apps.info': async (core, { app }) => {
    const rec = core.registry.get(app);
    return {
      ...core.appDTO(rec),
      releases: [...rec.releases].reverse().slice(0, 20),
      configKeys: Object.keys(rec.config).sort(),
    };
  },

  'apps.deploy': async (core, { path, name, deployId }) => {
    const outcome = await deploy(core, { path, deployId: deployId ?? randomUUID(), ...(name === undefined ? {} : { name }) });
    return { app: core.appDTO(core.registry.get(outcome.name)), release: outcome.release };
  },

  'apps.destroy': async (core, { app }) => {
    core.registry.get(app);
    return core.withAppLock(app, async () => {
      await core.supervisor.removeApp(app);
      core.registry.remove(app);
      core.logs.remove(app);
      await core.syncRouting();
      core.emit({ event: 'app.removed', payload: { name: app } });
      return { name: app };
    });
  },

  'apps.settings': async (core, { app, settings }) => core.withAppLock(app, async () => {
    const rec = core.registry.update(app, (draft) => { Object.assign(draft.settings, settings); });
    const changed = Object.entries(settings).map(([k, v]) => `${k}=${String(v)}`).join(' ');
    core.logs.add(app, 'dynodesk', 'api', `Settings changed: ${changed}`);
    await core.syncRouting();
    if (settings.memoryQuotaMb !== undefined) await core.applyFormation(rec);
    core.appChanged(app);
    return { ...rec.settings };
  }),

  'logs.get': async (core, { app, lines, dyno }) => {
    core.registry.get(app);
    return core.logs.tail(app, lines ?? 100, dyno === undefined ? undefined : { dyno });
  },

  'stats.get': async (core, { app }) => {
    core.registry.get(app);
    return core.router.stats(app);
  },
};

