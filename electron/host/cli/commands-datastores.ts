// pg:psql, pg:info, pg:reset, redis:cli: the Heroku CLI's data-store commands.
import type { AddonDTO, AddonServiceName } from '../../../shared/types.js';
import { CliError, type ControlClient } from '../control-client.js';
import { APP_FLAGS, JSON_FLAG } from './args.js';
import type { CliCommand } from './command.js';
import { printJson, resolveApp, withEngine } from './context.js';
import { findClient, parseServiceUrl, runClient } from './datastore-client.js';
import { bytes, table } from './format.js';

export const pgPsqlCommand: CliCommand = {
  name: 'pg:psql',
  usage: 'pg:psql [DATABASE] [-a APP] [-c SQL]',
  summary: "Open psql on the app's database (DATABASE_URL, or the add-on or variable named), or run one command with -c",
  flags: { values: { ...APP_FLAGS, '-c': 'command', '--command': 'command' }, booleans: {} },
  run: (args) => withEngine(async (client) => {
    const psql = findClient('psql');
    const app = await resolveApp(client, args);
    const { url } = await attachment(client, app, 'heroku-postgresql', args.positionals[0]);
    const u = parseServiceUrl(url);
    const sql = args.flags.get('command');
    return runClient(psql, ['-h', u.host, '-p', u.port, '-U', u.user, '-d', u.database, ...(sql === undefined ? [] : ['-c', sql])], { PGPASSWORD: u.password });
  }),
};

export const pgInfoCommand: CliCommand = {
  name: 'pg:info',
  usage: 'pg:info [-a APP] [--json]',
  summary: "The app's Postgres databases: state, version, size, connections",
  flags: { values: APP_FLAGS, booleans: JSON_FLAG },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    const infos = await client.call('pg.info', { app });
    if (args.flags.has('json')) { printJson(io, infos); return 0; }
    if (infos.length === 0) { io.out(`${app} has no Postgres database. Create one with \`dynodesk addons:create heroku-postgresql -a ${app}\`.`); return 0; }
    for (const i of infos) {
      io.out(`=== ${i.configVar}`);
      io.out(table([
        ['Add-on:', i.name],
        ['Status:', i.state + (i.detail ? ` (${i.detail})` : '')],
        ['PG Version:', i.version || '-'],
        ['Data Size:', bytes(i.diskBytes)],
        ['Connections:', String(i.connections)],
        ['Port:', String(i.port ?? '-')],
        ['Created:', i.createdAt],
      ]));
      io.out('');
    }
    return 0;
  }),
};

export const pgResetCommand: CliCommand = {
  name: 'pg:reset',
  usage: 'pg:reset [DATABASE] [-a APP] --confirm APP',
  summary: "Empty the app's database for good (same URL): every table and row is dropped",
  flags: { values: { ...APP_FLAGS, '--confirm': 'confirm' }, booleans: {} },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    const name = args.positionals[0];
    const confirm = args.flags.get('confirm');
    const result = await client.call('pg.reset', { app, ...(name === undefined ? {} : { name }), ...(confirm === undefined ? {} : { confirm }) });
    io.out(`Reset ${result.name} on ${app}: the database is empty`);
    return 0;
  }),
};

export const redisCliCommand: CliCommand = {
  name: 'redis:cli',
  usage: 'redis:cli [-a APP] [COMMAND…]',
  summary: "Open redis-cli on the app's Redis (REDIS_URL), or run one command",
  flags: { values: APP_FLAGS, booleans: {}, stopAtPositional: true },
  run: (args) => withEngine(async (client) => {
    const redisCli = findClient('redis-cli');
    const app = await resolveApp(client, args);
    const { url } = await attachment(client, app, 'heroku-redis');
    const u = parseServiceUrl(url);
    // --no-auth-warning: the password is not on the command line, so the warning would be wrong.
    return runClient(redisCli, ['-h', u.host, '-p', u.port, '--no-auth-warning', ...args.positionals], { REDISCLI_AUTH: u.password });
  }),
};

/** The app's add-on of that service (the one named, by add-on or variable, else the default variable's, else the only one) and its URL. */
async function attachment(client: ControlClient, app: string, service: AddonServiceName, which?: string): Promise<{ addon: AddonDTO; url: string }> {
  const addons = (await client.call('addons.list', { app })).filter((a) => a.service === service);
  const what = service === 'heroku-postgresql' ? 'Postgres database' : 'Redis';
  const create = `dynodesk addons:create ${service} -a ${app}`;
  if (addons.length === 0) throw new CliError(`${app} has no ${what}. Create one with \`${create}\`.`);
  const byDefault = service === 'heroku-postgresql' ? 'DATABASE_URL' : 'REDIS_URL';
  const wanted = which?.toUpperCase();
  const addon = which === undefined
    ? addons.find((a) => a.configVar === byDefault) ?? (addons.length === 1 ? addons[0] : undefined)
    : addons.find((a) => a.name === which || a.configVar === wanted || a.configVar === `${wanted}_URL`);
  if (!addon) {
    throw new CliError(`${which === undefined ? `${app} has several` : `${app} has no ${what} ${which}; it has`} ${addons.map((a) => `${a.name} (${a.configVar})`).join(', ')}${which === undefined ? ': name one' : ''}`);
  }
  const url = (await client.call('config.get', { app }))[addon.configVar];
  if (!url) throw new CliError(`${addon.configVar} is not set on ${app} (it was unset by hand): \`dynodesk addons:info ${addon.name}\``);
  return { addon, url };
}
