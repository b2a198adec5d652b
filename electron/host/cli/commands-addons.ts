// addons, addons:info, addons:create, addons:destroy: Heroku's add-on commands, against local servers.
import { resolve } from 'node:path';
import type { AddonDTO } from '../../../shared/types.js';
import { CliError, type ControlClient } from '../control-client.js';
import { APP_FLAGS, JSON_FLAG, type ParsedArgs } from './args.js';
import { isWithin } from './caller-path.js';
import type { CliCommand } from './command.js';
import { printJson, resolveApp, withEngine } from './context.js';
import { bytes, table } from './format.js';
import { warnIfRolloutStopped } from './rollout-text.js';

const CONFIRM_FLAG = { '--confirm': 'confirm' };

export const addonsCommand: CliCommand = {
  name: 'addons',
  usage: 'addons [-a APP] [--json]',
  summary: "List add-ons: an app's (-a, or the app whose folder you are in), else all of them",
  flags: { values: APP_FLAGS, booleans: JSON_FLAG },
  run: (args, io) => withEngine(async (client) => {
    const app = await appIfAny(client, args);
    const addons = await client.call('addons.list', app === null ? {} : { app });
    if (args.flags.has('json')) { printJson(io, addons); return 0; }
    if (addons.length === 0) {
      io.out(app === null ? 'No add-ons. Create one with `dynodesk addons:create heroku-postgresql -a APP`.' : `${app} has no add-ons. Create one with \`dynodesk addons:create heroku-postgresql -a ${app}\`.`);
      return 0;
    }
    io.out(table([['Add-on', 'Service', 'App', 'Variable', 'State', 'Port'], ...addons.map(row)]));
    return 0;
  }),
};

export const addonsInfoCommand: CliCommand = {
  name: 'addons:info',
  usage: 'addons:info NAME [--json]',
  summary: "One add-on: service, app, variable, state, port, size on disk, its URL with the password masked",
  flags: { values: APP_FLAGS, booleans: JSON_FLAG },
  run: (args, io) => withEngine(async (client) => {
    const name = args.positionals[0];
    if (!name) throw new CliError('Usage: dynodesk addons:info NAME');
    const info = await client.call('addons.info', { name });
    if (args.flags.has('json')) { printJson(io, info); return 0; }
    io.out(`=== ${info.name}`);
    io.out(table([
      ['Service:', info.service + (info.plan ? ` (plan ${info.plan})` : '')],
      ['App:', info.app],
      ['Attached as:', info.configVar],
      ['State:', info.state + (info.detail ? ` (${info.detail})` : '')],
      ['Port:', String(info.port ?? '-')],
      ['URL:', info.maskedUrl],
      ['Size on disk:', bytes(info.diskBytes)],
      ['Data:', info.dataPath],
      ['Created:', info.createdAt],
    ]));
    return 0;
  }),
};

export const addonsCreateCommand: CliCommand = {
  name: 'addons:create',
  usage: 'addons:create SERVICE [-a APP] [--as NAME] [--json]',
  summary: 'Give an app a database of its own (heroku-postgresql → DATABASE_URL) or a Redis (heroku-redis → REDIS_URL): a new release',
  details: 'SERVICE: heroku-postgresql (or postgres, postgresql, heroku-postgresql:<plan>) or heroku-redis (or redis, heroku-redis:<plan>); plans are accepted and mean nothing locally.\n'
    + '--as NAME attaches it as NAME_URL instead. Postgres ships with Dynodesk; Redis runs the redis-server (or valkey-server) on your PATH.',
  flags: { values: { ...APP_FLAGS, '--as': 'as' }, booleans: JSON_FLAG },
  run: (args, io) => withEngine(async (client) => {
    const service = args.positionals[0];
    if (!service || args.positionals.length > 1) throw new CliError('Usage: dynodesk addons:create SERVICE [-a APP] [--as NAME]');
    const app = await resolveApp(client, args);
    const as = args.flags.get('as');
    if (!args.flags.has('json')) io.err(`Creating ${service} on ${app}...`);
    const result = await client.call('addons.create', { app, service, ...(as === undefined ? {} : { as }) });
    if (args.flags.has('json')) { printJson(io, result); return 0; }
    io.out(`Created ${result.addon.name} as ${result.addon.configVar} on ${app}, v${result.release}`);
    warnIfRolloutStopped(io, result.warning);
    return 0;
  }),
};

export const addonsDestroyCommand: CliCommand = {
  name: 'addons:destroy',
  usage: 'addons:destroy NAME [-a APP] --confirm APP',
  summary: "Destroy an add-on: its variable is unset (a new release) and its data dropped for good",
  flags: { values: { ...APP_FLAGS, ...CONFIRM_FLAG }, booleans: {} },
  run: (args, io) => withEngine(async (client) => {
    const name = args.positionals[0];
    if (!name) throw new CliError('Usage: dynodesk addons:destroy NAME -a APP --confirm APP');
    const app = args.flags.get('app') ?? (await client.call('addons.info', { name })).app;
    const confirm = args.flags.get('confirm');
    const result = await client.call('addons.destroy', { app, name, ...(confirm === undefined ? {} : { confirm }) });
    io.out(`Destroyed ${result.name} on ${app}${result.release === null ? '' : `, v${result.release}`}`);
    warnIfRolloutStopped(io, result.warning);
    return 0;
  }),
};

function row(a: AddonDTO): string[] {
  return [a.name, a.service, a.app, a.configVar, a.state, String(a.port ?? '-')];
}

/** -a APP, else the app whose folder holds the working directory, else null (every app). */
async function appIfAny(client: ControlClient, args: ParsedArgs): Promise<string | null> {
  if (args.flags.has('app')) return resolveApp(client, args);
  const cwd = resolve(process.cwd());
  const apps = await client.call('apps.list', {});
  const here = apps.filter((a) => a.path !== null && isWithin(cwd, a.path)).sort((a, b) => (b.path?.length ?? 0) - (a.path?.length ?? 0))[0];
  return here?.name ?? null;
}
