// Heroku's `features`, `features:enable` and `features:disable` for app features (shared/features.ts).
import { APP_FEATURE_NAMES, type AppFeatureName } from '../../../shared/features.js';
import { CliError } from '../control-client.js';
import { APP_FLAGS, JSON_FLAG } from './args.js';
import type { CliCommand } from './command.js';
import { printJson, resolveApp, withEngine } from './context.js';

export const featuresCommand: CliCommand = {
  name: 'features',
  usage: 'features [-a APP] [--json]',
  summary: "List an app's features and whether each is enabled",
  flags: { values: APP_FLAGS, booleans: JSON_FLAG },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    const features = await client.call('features.list', { app });
    if (args.flags.has('json')) {
      printJson(io, features);
      return 0;
    }
    const width = Math.max(...features.map((f) => f.name.length));
    io.out([`=== App Features ${app}`, ...features.map((f) => `[${f.enabled ? '+' : ' '}] ${f.name.padEnd(width)}  ${f.description}`)].join('\n'));
    return 0;
  }),
};

function toggle(enabled: boolean): CliCommand {
  const verb = enabled ? 'enable' : 'disable';
  return {
    name: `features:${verb}`,
    usage: `features:${verb} FEATURE [-a APP]`,
    summary: `${enabled ? 'Enable' : 'Disable'} an app feature (${APP_FEATURE_NAMES.join(', ')}); takes effect without restarting dynos`,
    flags: { values: APP_FLAGS, booleans: {} },
    run: (args, io) => withEngine(async (client) => {
      const [feature, ...extra] = args.positionals;
      if (!feature || extra.length > 0) throw new CliError(`Usage: dynodesk features:${verb} FEATURE [-a APP]`);
      if (!(APP_FEATURE_NAMES as readonly string[]).includes(feature)) {
        throw new CliError(`Unknown feature "${feature}": use ${APP_FEATURE_NAMES.join(', ')}`);
      }
      const app = await resolveApp(client, args);
      await client.call('features.set', { app, feature: feature as AppFeatureName, enabled });
      io.out(`${enabled ? 'Enabling' : 'Disabling'} ${feature} for ${app}... done`);
      return 0;
    }),
  };
}

export const featuresEnableCommand = toggle(true);
export const featuresDisableCommand = toggle(false);
