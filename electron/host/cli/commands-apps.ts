import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { APP_FLAGS, JSON_FLAG } from './args.js';
import type { CliCommand } from './command.js';
import { printJson, resolveApp, withEngine } from './context.js';
import { table } from './format.js';
import { CliError } from '../control-client.js';

export const deployCommand: CliCommand = {
  name: 'deploy',
  usage: 'deploy PATH [--name NAME] [--json]',
  summary: 'Turn a folder into an app (or redeploy it): detect, build, release, start',
  flags: { values: { '--name': 'name', '-n': 'name' }, booleans: JSON_FLAG },
  run: (args, io) => withEngine(async (client) => {
    const path = args.positionals[0];
    if (!path || args.positionals.length > 1) throw new CliError('Usage: dynodesk deploy PATH [--name NAME]');
    const deployId = randomUUID();
    const json = args.flags.has('json');
    client.subscribe(['deploy.progress']);
    let lastStep = '';
    client.onEvent((ev) => {
      if (ev.event !== 'deploy.progress' || ev.payload.deployId !== deployId || json) return;
      const p = ev.payload;
      // Build output goes to stderr so that stdout carries only the result.
      if (p.step !== lastStep && p.status === 'running') { lastStep = p.step; io.err(`[${p.step}]`); }
      if (p.line !== undefined) io.err(`       ${p.line}`);
    });
    const name = args.flags.get('name');
    const result = await client.call('apps.deploy', { path, deployId, ...(name ? { name } : {}) });
    if (json) printJson(io, result);
    else io.out(`Deployed ${result.app.name} v${result.release} → ${result.app.url} (also http://127.0.0.1:${result.app.port})`);
    return 0;
  }),
};

export const appsCommand: CliCommand = {
  name: 'apps',
  usage: 'apps [--json]',
  summary: 'List apps',
  flags: { values: {}, booleans: JSON_FLAG },
  run: (args, io) => withEngine(async (client) => {
    const apps = await client.call('apps.list', {});
    if (args.flags.has('json')) {
      printJson(io, apps.map((a) => ({ name: a.name, path: a.path, url: a.url, port: a.port, formation: a.formation, processTypes: a.processTypes, state: a.state, release: a.release })));
    } else if (apps.length === 0) {
      io.out('No apps yet. Deploy one with `dynodesk deploy PATH`.');
    } else {
      io.out(table([['NAME', 'STATE', 'DYNOS', 'URL', 'PATH'], ...apps.map((a) => [a.name, a.state, String(a.dynoCount), a.url, a.path])]));
    }
    return 0;
  }),
};

export const infoCommand: CliCommand = {
  name: 'info',
  usage: 'info [-a APP] [--json]',
  summary: 'Show an app: path, URL, port, formation, releases',
  flags: { values: APP_FLAGS, booleans: JSON_FLAG },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    const info = await client.call('apps.info', { app });
    if (args.flags.has('json')) { printJson(io, info); return 0; }
    io.out([
      `=== ${info.name}`,
      `Path:        ${info.path}`,
      `Web URL:     ${info.url}`,
      `App port:    http://127.0.0.1:${info.port}`,
      `Buildpack:   ${info.buildpack}`,
      `Release:     v${info.release}`,
      `State:       ${info.state}`,
      `Dynos:       ${Object.entries(info.formation).map(([t, q]) => `${t}: ${q}`).join(', ') || 'none'}`,
      `Config vars: ${info.configKeys.length ? info.configKeys.join(', ') : 'none'}`,
      `Balancing:   ${info.settings.algorithm}${info.settings.maintenance ? ' (maintenance mode on)' : ''}`,
    ].join('\n'));
    return 0;
  }),
};

export const destroyCommand: CliCommand = {
  name: 'apps:destroy',
  usage: 'apps:destroy APP',
  summary: 'Stop every dyno of an app and forget it (the project folder is not touched)',
  flags: { values: { ...APP_FLAGS, '--confirm': 'confirm' }, booleans: {} },
  run: (args, io) => withEngine(async (client) => {
    const app = args.positionals[0] ?? args.flags.get('app') ?? args.flags.get('confirm');
    if (!app) throw new CliError('Usage: dynodesk apps:destroy APP');
    await client.call('apps.destroy', { app });
    io.out(`Destroyed ${app}`);
    return 0;
  }),
};

export const openCommand: CliCommand = {
  name: 'open',
  usage: 'open [-a APP] [PATH]',
  summary: "Open the app's URL in your browser",
  flags: { values: APP_FLAGS, booleans: {} },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    const info = await client.call('apps.info', { app });
    const url = `${info.url}/${(args.positionals[0] ?? '').replace(/^\//, '')}`;
    io.out(url);
    openInBrowser(url);
    return 0;
  }),
};

/** Best effort: a headless box has no browser, and that is fine — the URL was printed. */
export function openInBrowser(url: string): void {
  if (process.env.CI || process.env.DYNODESK_NO_BROWSER) return;
  const [cmd, argv] = process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd.exe', ['/d', '/s', '/c', 'start', '""', url]]
      : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, argv, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch { /* no opener */ }
}
