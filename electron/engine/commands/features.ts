// Heroku-style app features: each is a boolean app setting (shared/features.ts). Those the router
// acts on reach it with the next routing table, so a change takes effect without restarting dynos.
import { APP_FEATURES, appFeatures, type AppFeatureDTO } from '../../../shared/features.js';
import type { HandlerMap } from './handler.js';

type FeatureHandlers = Pick<HandlerMap, 'features.list' | 'features.set'>;

export const featureHandlers: FeatureHandlers = {
  'features.list': async (core, { app }) => appFeatures(core.registry.get(app).settings),

  'features.set': async (core, { app, feature, enabled }) => core.withAppLock(app, async () => {
    const { setting } = APP_FEATURES[feature];
    const rec = core.registry.update(app, (draft) => { draft.settings[setting] = enabled; });
    core.logs.add(app, 'dynodesk', 'api', `${enabled ? 'Enabled' : 'Disabled'} feature ${feature}`);
    await core.syncRouting();
    core.appChanged(app);
    return appFeatures(rec.settings).find((f) => f.name === feature) as AppFeatureDTO;
  }),
};
