import { readFileSync } from 'node:fs';
import { CliError } from '../control-client.js';
import { UserError } from '../../engine/errors.js';
import { parseArgs } from './args.js';
import type { CliCommand } from './command.js';
import { addonsCommand, addonsCreateCommand, addonsDestroyCommand, addonsInfoCommand } from './commands-addons.js';
import { appsCommand, deployCommand, destroyCommand, infoCommand, openCommand } from './commands-apps.js';
import { certsCommand, certsTrustCommand, certsUntrustCommand } from './commands-certs.js';
import { exportCommand } from './commands-export.js';
import { featuresCommand, featuresDisableCommand, featuresEnableCommand } from './commands-features.js';
import { createCommand, gitRemoteCommand } from './commands-git.js';
import { cachePurgeCommand, releasesCommand, releasesInfoCommand, rollbackCommand } from './commands-releases.js';
import { gitReceiveCommand } from './git-receive.js';
import { pgInfoCommand, pgPsqlCommand, pgResetCommand, redisCliCommand } from './commands-datastores.js';
import { configCommand, configGetCommand, configSetCommand, configUnsetCommand } from './commands-config.js';
import { lanCommand, lanDisableCommand, lanEnableCommand } from './commands-lan.js';
import { logsCommand, statsCommand } from './commands-logs.js';
import { psCommand, restartCommand, scaleCommand, stopCommand } from './commands-ps.js';
import { runCommand, runDetachedCommand } from './commands-run.js';
import { maintenanceOffCommand, maintenanceOnCommand, settingsCommand, settingsSetCommand } from './commands-settings.js';
import { stdio, type Io } from './context.js';
import { serveCommand } from './serve.js';

export const commands: CliCommand[] = [
  serveCommand, deployCommand, createCommand, gitRemoteCommand, appsCommand, infoCommand, destroyCommand, openCommand,
  releasesCommand, releasesInfoCommand, rollbackCommand, cachePurgeCommand, gitReceiveCommand,
  psCommand, scaleCommand, restartCommand, stopCommand, runCommand, runDetachedCommand,
  logsCommand, statsCommand,
  configCommand, configGetCommand, configSetCommand, configUnsetCommand,
  addonsCommand, addonsInfoCommand, addonsCreateCommand, addonsDestroyCommand,
  pgPsqlCommand, pgInfoCommand, pgResetCommand, redisCliCommand,
  settingsCommand, settingsSetCommand, maintenanceOnCommand, maintenanceOffCommand,
  featuresCommand, featuresEnableCommand, featuresDisableCommand,
  lanCommand, lanEnableCommand, lanDisableCommand,
  certsCommand, certsTrustCommand, certsUntrustCommand,
  exportCommand,
];

/** Heroku spellings that users type out of habit. */
const ALIASES: Record<string, string> = {
  'apps:info': 'info', scale: 'ps:scale', restart: 'ps:restart', 'logs:tail': 'logs', 'config:add': 'config:set', 'config:remove': 'config:unset', 'apps:open': 'open',
  // Heroku's ps:kill stops a dyno like ps:stop (and ends a one-off).
  'ps:kill': 'ps:stop',
  'addons:add': 'addons:create', 'addons:remove': 'addons:destroy', psql: 'pg:psql',
  rollback: 'releases:rollback', 'git:clone': 'git:remote',
};

export function helpText(): string {
  const listed = commands.filter((c) => !c.hidden);
  const width = Math.max(...listed.map((c) => c.name.length));
  return [
    'Usage: dynodesk COMMAND [args]',
    '',
    ...listed.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `dynodesk help COMMAND` for a command\'s usage. DYNODESK_HOME selects the data directory.',
  ].join('\n');
}

function usageText(c: CliCommand): string {
  return `Usage: dynodesk ${c.usage}\n\n${c.summary}${c.details ? `\n\n${c.details}` : ''}`;
}

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [first, ...rest] = argv;
  if (!first || first === 'help' || first === '--help' || first === '-h') {
    const which = rest[0] && commands.find((c) => c.name === (ALIASES[rest[0] as string] ?? rest[0]));
    io.out(which ? usageText(which) : helpText());
    return 0;
  }
  if (first === '--version' || first === 'version') {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    io.out(pkg.version);
    return 0;
  }
  const name = ALIASES[first] ?? first;
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`dynodesk: ${first} is not a command. See \`dynodesk help\`.`);
    return 2;
  }
  try {
    if (rest.includes('--help') && !command.flags.stopAtPositional) {
      io.out(usageText(command));
      return 0;
    }
    return await command.run(parseArgs(rest, command.flags), io);
  } catch (err) {
    if (err instanceof CliError || err instanceof UserError) {
      io.err(`dynodesk: ${err.message}`);
      return 1;
    }
    io.err(`dynodesk: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
