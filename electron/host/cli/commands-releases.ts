// releases, releases:info, releases:rollback, builds:cache:purge: Heroku's spellings and layout.
import type { ReleaseDTO } from '../../../shared/types.js';
import { CliError } from '../control-client.js';
import { APP_FLAGS, JSON_FLAG } from './args.js';
import type { CliCommand } from './command.js';
import { printJson, resolveApp, withEngine } from './context.js';
import { bytes, table } from './format.js';
import { warnIfRolloutStopped } from './rollout-text.js';

/** "v4", "4" → 4; anything else is a usage error. */
export function parseVersion(text: string): number {
  const m = /^v?(\d{1,9})$/i.exec(text.trim());
  if (!m) throw new CliError(`"${text}" is not a release version: expected something like v4`);
  return Number(m[1]);
}

function statusText(r: ReleaseDTO): string {
  const marks = [r.current ? 'current' : '', r.status === 'succeeded' ? '' : r.status].filter(Boolean);
  return marks.join(', ');
}

export const releasesCommand: CliCommand = {
  name: 'releases',
  usage: 'releases [-a APP] [--json]',
  summary: 'List releases, newest first: each deploy, push, config change and rollback',
  flags: { values: APP_FLAGS, booleans: JSON_FLAG },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    const releases = await client.call('releases.list', { app });
    if (args.flags.has('json')) { printJson(io, releases); return 0; }
    if (releases.length === 0) { io.out(`${app} has no releases yet.`); return 0; }
    io.out(`=== ${app} Releases`);
    io.out(table(releases.map((r) => [
      `v${r.version}`, r.description, statusText(r), r.createdAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'), r.restorable ? '' : '(slug pruned)',
    ])));
    return 0;
  }),
};

export const releasesInfoCommand: CliCommand = {
  name: 'releases:info',
  usage: 'releases:info [vN] [-a APP] [--json]',
  summary: 'Show one release (without vN: the current one)',
  flags: { values: APP_FLAGS, booleans: JSON_FLAG },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    const wanted = args.positionals[0] === undefined ? null : parseVersion(args.positionals[0]);
    const releases = await client.call('releases.list', { app });
    const r = wanted === null ? releases.find((x) => x.current) : releases.find((x) => x.version === wanted);
    if (!r) throw new CliError(wanted === null ? `${app} has no releases yet` : `${app} has no release v${wanted}`);
    if (args.flags.has('json')) { printJson(io, r); return 0; }
    io.out([
      `=== Release v${r.version}`,
      `Change:      ${r.description}`,
      `Source:      ${r.source}${r.commit ? ` (commit ${r.commit})` : ''}`,
      `Status:      ${r.status}${r.current ? ' (current)' : ''}`,
      `When:        ${r.createdAt}`,
      `Restorable:  ${r.restorable ? `yes (dynodesk releases:rollback v${r.version} -a ${app})` : 'no: its slug is no longer kept'}`,
    ].join('\n'));
    return 0;
  }),
};

export const rollbackCommand: CliCommand = {
  name: 'releases:rollback',
  usage: 'releases:rollback [vN] [-a APP]',
  summary: "New release with vN's slug and config vars (default: the release before the current one); add-on vars stay",
  flags: { values: APP_FLAGS, booleans: {} },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    if (args.positionals.length > 1) throw new CliError('Usage: dynodesk releases:rollback [vN] [-a APP]');
    const version = args.positionals[0] === undefined ? undefined : parseVersion(args.positionals[0]);
    const target = version ?? null;
    const result = await client.call('releases.rollback', { app, ...(version === undefined ? {} : { version }) });
    io.out(`Rolled back ${app}${target === null ? '' : ` to v${target}`}: now v${result.release}`);
    warnIfRolloutStopped(io, result.warning);
    return 0;
  }),
};

export const cachePurgeCommand: CliCommand = {
  name: 'builds:cache:purge',
  usage: 'builds:cache:purge [-a APP]',
  summary: "Empty the app's build cache: the next build installs every dependency afresh",
  flags: { values: { ...APP_FLAGS, '--confirm': 'confirm' }, booleans: {} },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    const { freedBytes } = await client.call('builds.cachePurge', { app });
    io.out(`Purged the build cache of ${app} (${bytes(freedBytes)} freed)`);
    return 0;
  }),
};
