import type { HandlerMap } from './handler.js';

type AddonHandlers = Pick<HandlerMap, 'addons.list' | 'addons.info' | 'addons.create' | 'addons.destroy' | 'pg.info' | 'pg.reset'>;

export const addonHandlers: AddonHandlers = {
  'addons.list': async (core, { app }) => {
    if (app !== undefined) core.registry.get(app);
    return core.addons.list(app);
  },
  'addons.info': async (core, { name }) => core.addons.info(name),
  'addons.create': async (core, { app, service, as }) => core.addons.create(app, service, as),
  'addons.destroy': async (core, { app, name, confirm }) => core.addons.destroy(app, name, confirm),
  'pg.info': async (core, { app }) => core.addons.pgInfo(app),
  'pg.reset': async (core, { app, name, confirm }) => core.addons.pgReset(app, name, confirm),
};
