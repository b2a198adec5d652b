import type { BalancingAlgorithm } from '../../../shared/types.js';
import { APP_FLAGS, JSON_FLAG } from './args.js';
import type { CliCommand } from './command.js';
import { printJson, resolveApp, withEngine } from './context.js';
import { CliError } from '../control-client.js';

const ALGORITHMS: BalancingAlgorithm[] = ['round-robin', 'least-connections', 'random', 'power-of-two'];

function maintenance(on: boolean): CliCommand {
  return {
    name: on ? 'maintenance:on' : 'maintenance:off',
    usage: `maintenance:${on ? 'on' : 'off'} [-a APP]`,
    summary: on ? 'Answer every request with H80 (503) until turned off' : 'Leave maintenance mode',
    flags: { values: APP_FLAGS, booleans: {} },
    run: (args, io) => withEngine(async (client) => {
      const app = await resolveApp(client, args);
      await client.call('apps.settings', { app, settings: { maintenance: on } });
      io.out(`${on ? 'Enabling' : 'Disabling'} maintenance mode for ${app}... done`);
      return 0;
    }),
  };
}

export const maintenanceOnCommand = maintenance(true);
export const maintenanceOffCommand = maintenance(false);

export const settingsCommand: CliCommand = {
  name: 'settings',
  usage: 'settings [-a APP] [--json]',
  summary: "Show an app's settings (balancing algorithm, maintenance, memory quota, body limit, autodeploy, session affinity)",
  flags: { values: APP_FLAGS, booleans: JSON_FLAG },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    const { settings } = await client.call('apps.info', { app });
    if (args.flags.has('json')) printJson(io, settings);
    else io.out(Object.entries(settings).map(([k, v]) => `${k}: ${String(v)}`).join('\n'));
    return 0;
  }),
};

export const settingsSetCommand: CliCommand = {
  name: 'settings:set',
  usage: 'settings:set [algorithm=round-robin|least-connections|random|power-of-two] [memory-quota=MB] [max-body=BYTES] [autodeploy=on|off] [-a APP]',
  summary: 'Change app settings',
  flags: { values: APP_FLAGS, booleans: {} },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    const patch: { algorithm?: BalancingAlgorithm; memoryQuotaMb?: number; maxBodyBytes?: number; autodeploy?: boolean } = {};
    for (const token of args.positionals) {
      const [key, value = ''] = token.split('=', 2) as [string, string?];
      if (key === 'algorithm') {
        if (!ALGORITHMS.includes(value as BalancingAlgorithm)) throw new CliError(`Unknown algorithm "${value}": use ${ALGORITHMS.join(', ')}`);
        patch.algorithm = value as BalancingAlgorithm;
      } else if (key === 'memory-quota' || key === 'max-body') {
        if (!/^\d+$/.test(value)) throw new CliError(`${key} must be a whole number, got "${value}"`);
        if (key === 'memory-quota') patch.memoryQuotaMb = Number(value);
        else patch.maxBodyBytes = Number(value);
      } else if (key === 'autodeploy') {
        if (value !== 'on' && value !== 'off') throw new CliError(`autodeploy must be on or off, got "${value}"`);
        patch.autodeploy = value === 'on';
      } else {
        throw new CliError(`Unknown setting "${key}": use algorithm, memory-quota, max-body or autodeploy`);
      }
    }
    if (Object.keys(patch).length === 0) throw new CliError(`Usage: dynodesk ${settingsSetCommand.usage}`);
    const settings = await client.call('apps.settings', { app, settings: patch });
    io.out(Object.entries(settings).map(([k, v]) => `${k}: ${String(v)}`).join('\n'));
    return 0;
  }),
};
