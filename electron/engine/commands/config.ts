import { configKeyProblem } from '../../../shared/validation.js';
import { UserError } from '../errors.js';
import { addRelease } from '../apps/registry.js';
import type { HandlerMap } from './handler.js';

type ConfigHandlers = Pick<HandlerMap, 'config.get' | 'config.set' | 'config.unset'>;

export const configHandlers: ConfigHandlers = {
  'config.get': async (core, { app }) => ({ ...core.registry.get(app).config }),

  'config.set': async (core, { app, vars }) => {
    const keys = Object.keys(vars);
    if (keys.length === 0) throw new UserError('Usage: config:set KEY=VALUE …');
    for (const key of keys) {
      const problem = configKeyProblem(key);
      if (problem) throw new UserError(problem);
    }
    return core.withAppLock(app, async () => {
      let version = 0;
      const rec = core.registry.update(app, (draft) => {
        Object.assign(draft.config, vars);
        version = addRelease(draft, `Set ${keys.join(', ')} config vars`);
      });
      core.logs.add(app, 'dynodesk', 'api', `Set ${keys.join(', ')} config vars (release v${version})`);
      await core.applyFormation(rec);
      return { release: version };
    });
  },

  'config.unset': async (core, { app, keys }) => {
    for (const key of keys) {
      const problem = configKeyProblem(key);
      if (problem) throw new UserError(problem);
    }
    return core.withAppLock(app, async () => {
      let version = 0;
      const rec = core.registry.update(app, (draft) => {
        for (const key of keys) delete draft.config[key];
        version = addRelease(draft, `Remove ${keys.join(', ')} config vars`);
      });
      core.logs.add(app, 'dynodesk', 'api', `Remove ${keys.join(', ')} config vars (release v${version})`);
      await core.applyFormation(rec);
      return { release: version };
    });
  },
};
