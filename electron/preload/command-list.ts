// The command names, restated here because the sandboxed preload must not bundle zod (which
// shared/commands.ts imports for the schemas). The type check below fails if this list and the
// contract ever disagree; tests/preload compares it with shared's commandNames at run time too.
import type { CommandName } from '../../shared/commands.js';

export const COMMAND_NAMES = [
  'engine.info', 'engine.lan',
  'certs.status', 'certs.trust', 'certs.untrust',
  'apps.list', 'apps.info', 'apps.deploy', 'apps.destroy', 'apps.create', 'apps.settings',
  'features.list', 'features.set',
  'releases.list', 'releases.rollback', 'builds.cachePurge',
  'ps.list', 'ps.scale', 'ps.restart', 'ps.stop',
  'config.get', 'config.set', 'config.unset',
  'addons.list', 'addons.info', 'addons.create', 'addons.destroy', 'pg.info', 'pg.reset',
  'apps.export',
  'logs.get', 'stats.get',
  'run.start',
  'terminal.open', 'terminal.close', 'terminal.input', 'terminal.resize', 'terminal.ack',
] as const satisfies readonly CommandName[];

type Missing = Exclude<CommandName, (typeof COMMAND_NAMES)[number]>;
// If this line errors, a command was added to shared/commands.ts: add its name above.
export const everyCommandListed: [Missing] extends [never] ? true : Missing = true;
