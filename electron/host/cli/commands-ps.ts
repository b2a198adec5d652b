import { APP_FLAGS, JSON_FLAG } from './args.js';
import type { CliCommand } from './command.js';
import { printJson, resolveApp, withEngine } from './context.js';
import { formatPs } from './format.js';
import { warnIfRolloutStopped } from './rollout-text.js';
import { CliError } from '../control-client.js';

export const psCommand: CliCommand = {
  name: 'ps',
  usage: 'ps [-a APP] [--json]',
  summary: "List an app's dynos",
  flags: { values: APP_FLAGS, booleans: JSON_FLAG },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    const dynos = await client.call('ps.list', { app });
    if (args.flags.has('json')) {
      printJson(io, dynos.map((d) => ({ name: d.name, type: d.type, state: d.state, pid: d.pid, port: d.port, restarts: d.restarts, command: d.command, startedAt: d.startedAt, cpuPercent: d.cpuPercent, memoryBytes: d.memoryBytes, release: d.release, restartAt: d.restartAt })));
      return 0;
    }
    const info = await client.call('apps.info', { app });
    io.out(formatPs(dynos, info.commands));
    return 0;
  }),
};

/** `web=3 worker=1`, also Heroku's `web+2`/`web-1` relative forms. */
export function parseScaleArgs(tokens: string[], current: Record<string, number>): Record<string, number> {
  if (tokens.length === 0) throw new CliError('Usage: dynodesk ps:scale TYPE=QTY [TYPE=QTY…] (e.g. web=3 worker=1)');
  const out: Record<string, number> = {};
  for (const token of tokens) {
    const m = /^([A-Za-z0-9_-]+)(=|\+|-)(.*)$/.exec(token);
    if (!m) throw new CliError(`Invalid argument ${token}: expected TYPE=QTY`);
    const [, type, op, raw] = m as unknown as [string, string, string, string];
    if (!/^\d+$/.test(raw)) throw new CliError(`Invalid quantity for ${type}: "${raw}" is not a whole number`);
    const n = Number(raw);
    out[type] = op === '=' ? n : op === '+' ? (current[type] ?? 0) + n : (current[type] ?? 0) - n;
  }
  return out;
}

export const scaleCommand: CliCommand = {
  name: 'ps:scale',
  usage: 'ps:scale TYPE=QTY… [-a APP]',
  summary: 'Change the number of dynos per process type, live',
  flags: { values: APP_FLAGS, booleans: JSON_FLAG },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    const info = await client.call('apps.info', { app });
    const formation = await client.call('ps.scale', { app, formation: parseScaleArgs(args.positionals, info.formation) });
    if (args.flags.has('json')) printJson(io, formation);
    else io.out(`Scaling dynos... done, now running ${Object.entries(formation).map(([t, q]) => `${t} at ${q}`).join(', ')}`);
    return 0;
  }),
};

export const restartCommand: CliCommand = {
  name: 'ps:restart',
  usage: 'ps:restart [TYPE|DYNO] [-a APP]',
  summary: 'Restart dynos (web dynos roll: replacements come up before the old ones stop)',
  flags: { values: APP_FLAGS, booleans: {} },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    const target = args.positionals[0];
    const { restarted, warning } = await client.call('ps.restart', { app, ...(target ? { target } : {}) });
    io.out(`Restarting ${restarted.length ? restarted.join(', ') : 'nothing'}... done`);
    warnIfRolloutStopped(io, warning);
    return 0;
  }),
};

export const stopCommand: CliCommand = {
  name: 'ps:stop',
  usage: 'ps:stop DYNO [-a APP]',
  summary: 'Stop a dyno (the formation starts a fresh one; a one-off dyno ends); also ps:kill',
  flags: { values: APP_FLAGS, booleans: {} },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    const dyno = args.positionals[0];
    if (!dyno) throw new CliError('Usage: dynodesk ps:stop DYNO (e.g. web.2)');
    await client.call('ps.stop', { app, dyno });
    io.out(`Stopping ${dyno} dyno on ${app}... done`);
    return 0;
  }),
};
