import { configKeyProblem, configSizeProblem, configValueProblem } from '../../../shared/validation.js';
import type { AppRecord } from '../apps/app-record.js';
import { addRelease } from '../apps/registry.js';
import { settleRelease } from '../apps/release-outcome.js';
import type { EngineCore } from '../engine-core.js';
import { UserError } from '../errors.js';
import type { HandlerMap } from './handler.js';

type ConfigHandlers = Pick<HandlerMap, 'config.get' | 'config.set' | 'config.unset'>;

/**
 * Every config change is a release: validate all keys first (a bad one changes nothing), record the
 * change with a new release version (reusing the current slug), then roll the dynos onto it.
 * Add-ons attach and detach their variables through here too, with source 'addon'; `change` may
 * also edit the draft's addonConfigKeys then.
 */
export async function configRelease(
  core: EngineCore, app: string, keys: string[], description: string,
  change: (config: AppRecord['config'], draft: AppRecord) => void, source: 'config' | 'addon' = 'config',
): Promise<{ release: number; warning: string | null }> {
  for (const key of keys) {
    const problem = configKeyProblem(key);
    if (problem) throw new UserError(problem);
  }
  const recorded = await core.withAppLock(app, async () => {
    let version = 0;
    const rec = core.registry.update(app, (draft) => {
      change(draft.config, draft);
      version = addRelease(draft, description, source);
    });
    core.logs.add(app, 'dynodesk', 'api', `${description} (release v${version})`);
    await core.applyFormation(rec);
    return { release: version, rollout: core.supervisor.rolloutDone(app) };
  });
  // Outside the lock: other commands need not queue behind a roll that may last a boot timeout.
  return { release: recorded.release, warning: await settleRelease(core, app, recorded.release, recorded.rollout) };
}

export const configHandlers: ConfigHandlers = {
  'config.get': async (core, { app }) => ({ ...core.registry.get(app).config }),

  'config.set': async (core, { app, vars }) => {
    const keys = Object.keys(vars);
    if (keys.length === 0) throw new UserError('Usage: config:set KEY=VALUE …');
    for (const [key, value] of Object.entries(vars)) {
      const problem = configValueProblem(key, value);
      if (problem) throw new UserError(problem);
    }
    return configRelease(core, app, keys, `Set ${keys.join(', ')} config vars`, (config) => {
      Object.assign(config, vars);
      // Checked on the draft, under the app lock: throwing here leaves the app as it was.
      const problem = configSizeProblem(config);
      if (problem) throw new UserError(`${problem}. Nothing was changed.`);
    });
  },

  'config.unset': async (core, { app, keys }) =>
    configRelease(core, app, keys, `Remove ${keys.join(', ')} config vars`, (config) => { for (const key of keys) delete config[key]; }),
};
