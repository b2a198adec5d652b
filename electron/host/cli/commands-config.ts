import { APP_FLAGS, JSON_FLAG } from './args.js';
import type { CliCommand } from './command.js';
import { printJson, resolveApp, withEngine } from './context.js';
import { table } from './format.js';
import { warnIfRolloutStopped } from './rollout-text.js';
import { CliError } from '../control-client.js';

export const configCommand: CliCommand = {
  name: 'config',
  usage: 'config [-a APP] [--json]',
  summary: "Show an app's config vars",
  flags: { values: APP_FLAGS, booleans: JSON_FLAG },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    const vars = await client.call('config.get', { app });
    if (args.flags.has('json')) { printJson(io, vars); return 0; }
    const keys = Object.keys(vars).sort();
    io.out(`=== ${app} Config Vars`);
    if (keys.length) io.out(table(keys.map((k) => [`${k}:`, vars[k] ?? ''])));
    return 0;
  }),
};

export const configGetCommand: CliCommand = {
  name: 'config:get',
  usage: 'config:get KEY [-a APP]',
  summary: 'Print one config var',
  flags: { values: APP_FLAGS, booleans: {} },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    const key = args.positionals[0];
    if (!key) throw new CliError('Usage: dynodesk config:get KEY');
    const vars = await client.call('config.get', { app });
    io.out(vars[key] ?? '');
    return 0;
  }),
};

export const configSetCommand: CliCommand = {
  name: 'config:set',
  usage: 'config:set KEY=VALUE… [-a APP]',
  summary: 'Set config vars: makes a new release and restarts the dynos',
  flags: { values: APP_FLAGS, booleans: {} },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    if (args.positionals.length === 0) throw new CliError('Usage: dynodesk config:set KEY=VALUE…');
    const vars: Record<string, string> = {};
    for (const token of args.positionals) {
      const eq = token.indexOf('=');
      if (eq <= 0) throw new CliError(`${token} is invalid. Must be in the format KEY=VALUE.`);
      vars[token.slice(0, eq)] = token.slice(eq + 1);
    }
    const { release, warning } = await client.call('config.set', { app, vars });
    io.out(`Setting ${Object.keys(vars).join(', ')} and restarting ${app}... done, v${release}`);
    warnIfRolloutStopped(io, warning);
    return 0;
  }),
};

export const configUnsetCommand: CliCommand = {
  name: 'config:unset',
  usage: 'config:unset KEY… [-a APP]',
  summary: 'Remove config vars: makes a new release and restarts the dynos',
  flags: { values: APP_FLAGS, booleans: {} },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    if (args.positionals.length === 0) throw new CliError('Usage: dynodesk config:unset KEY…');
    const { release, warning } = await client.call('config.unset', { app, keys: args.positionals });
    io.out(`Unsetting ${args.positionals.join(', ')} and restarting ${app}... done, v${release}`);
    warnIfRolloutStopped(io, warning);
    return 0;
  }),
};
