// LAN access from the command line: `lan` shows it, `lan:enable` / `lan:disable` change the saved setting.
import type { AppDTO, EngineInfo } from '../../../shared/types.js';
import { JSON_FLAG } from './args.js';
import type { CliCommand } from './command.js';
import { printJson, withEngine, type Io } from './context.js';
import { table } from './format.js';
import { CliError } from '../control-client.js';

export interface LanReport {
  lanAccess: boolean;
  lanForced: boolean;
  addresses: string[];
  /** Each app's address for other devices: its own port (a *.localhost name resolves only here). */
  apps: { name: string; port: number; urls: string[] }[];
}

export function lanReport(info: EngineInfo, apps: AppDTO[]): LanReport {
  return {
    lanAccess: info.lanAccess,
    lanForced: info.lanForced,
    addresses: info.lanAddresses,
    apps: apps.map((a) => ({ name: a.name, port: a.port, urls: info.lanAccess ? info.lanAddresses.map((ip) => `http://${ip}:${a.port}`) : [] })),
  };
}

export function formatLan(r: LanReport): string {
  if (!r.lanAccess) {
    return 'LAN access: off\nApps answer on this machine only (127.0.0.1). Turn it on with `dynodesk lan:enable`.';
  }
  const lines = [r.lanForced ? 'LAN access: on for this run (`dynodesk serve --lan`)' : 'LAN access: on',
    'Anyone on your network can reach your apps. Other devices use each app\'s own port:'];
  if (r.addresses.length === 0) lines.push('(no network address found: this machine has no IPv4 interface besides loopback)');
  else if (r.apps.length === 0) lines.push(`http://${r.addresses[0] as string}:<app port> (no apps yet)`);
  else lines.push(table(r.apps.map((a) => [`  ${a.name}`, a.urls.join('  ')])));
  return lines.join('\n');
}

async function show(io: Io, json: boolean, info: EngineInfo, apps: AppDTO[]): Promise<number> {
  const report = lanReport(info, apps);
  if (json) printJson(io, report);
  else io.out(formatLan(report));
  return 0;
}

export const lanCommand: CliCommand = {
  name: 'lan',
  usage: 'lan [--json]',
  summary: 'Show whether other devices on your network can reach your apps, and at which addresses',
  flags: { values: {}, booleans: JSON_FLAG },
  run: (args, io) => withEngine(async (client) => {
    if (args.positionals.length > 0) throw new CliError(`Usage: dynodesk ${lanCommand.usage}`);
    const [info, apps] = await Promise.all([client.call('engine.info', {}), client.call('apps.list', {})]);
    return show(io, args.flags.has('json'), info, apps);
  }),
};

function lanSwitch(enabled: boolean): CliCommand {
  const name = enabled ? 'lan:enable' : 'lan:disable';
  const command: CliCommand = {
    name,
    usage: `${name} [--json]`,
    summary: enabled
      ? 'Let other devices on your network reach your apps (the router listens on 0.0.0.0; saved)'
      : 'Answer this machine only again (the router listens on 127.0.0.1; saved)',
    flags: { values: {}, booleans: JSON_FLAG },
    run: (args, io) => withEngine(async (client) => {
      if (args.positionals.length > 0) throw new CliError(`Usage: dynodesk ${command.usage}`);
      const json = args.flags.has('json');
      if (!json) io.err(`${enabled ? 'Enabling' : 'Disabling'} LAN access...`);
      const info = await client.call('engine.lan', { enabled });
      const apps = await client.call('apps.list', {});
      return show(io, json, info, apps);
    }),
  };
  return command;
}

export const lanEnableCommand = lanSwitch(true);
export const lanDisableCommand = lanSwitch(false);
