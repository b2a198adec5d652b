import { configKeyProblem } from '../../../shared/validation.js';
import type { AppRecord } from '../apps/app-record.js';
import { addRelease } from '../apps/registry.js';
import type { EngineCore } from '../engine-core.js';
import { UserError } from '../errors.js';
import type { HandlerMap } from './handler.js';

type ConfigHandlers = Pick<HandlerMap, 'config.get' | 'config.set' | 'config.unset'>;

/**
 * Every config change is a release: validate all keys first (a bad one changes nothing), record the
 * change with a new release version, then roll the dynos onto it.
 */
async function configRelease(core: EngineCore, app: string, keys: string[], description: string, change: (config: AppRecord['config']) => void): Promise<{ release: number }> {
  for (const key of keys) {
    const problem = configKeyProblem(key);
    if (problem) throw new UserError(problem);
  }
  return core.withAppLock(app, async () => {
    let version = 0;
    const rec = core.registry.update(app, (draft) => {
      change(draft.config);
      version = addRelease(draft, description);
    });
    core.logs.add(app, 'dynodesk', 'api', `${description} (release v${version})`);
    await core.applyFormation(rec);
    return { release: version };
  });
}

export const configHandlers: ConfigHandlers = {
  'config.get': async (core, { app }) => ({ ...core.registry.get(app).config }),

  'config.set': async (core, { app, vars }) => {
    const keys = Object.keys(vars);
    if (keys.length === 0) throw new UserError('Usage: config:set KEY=VALUE …');
    return configRelease(core, app, keys, `Set ${keys.join(', ')} config vars`, (config) => { Object.assign(config, vars); });
  },

  'config.unset': async (core, { app, keys }) =>
    configRelease(core, app, keys, `Remove ${keys.join(', ')} config vars`, (config) => { for (const key of keys) delete config[key]; }),
};
