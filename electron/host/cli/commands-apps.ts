import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { APP_FLAGS, JSON_FLAG } from './args.js';
import type { CliCommand } from './command.js';
import { printJson, resolveApp, withEngine } from './context.js';
import { bytes, table } from './format.js';
import { CliError } from '../control-client.js';
import type { AppDTO } from '../../../shared/types.js';
import { noWebText, scaleExample, webUrl } from './app-text.js';
import { resolveCallerPath } from './caller-path.js';
import { releaseText, warnIfRolloutStopped } from './rollout-text.js';

const DEPLOY_USAGE = 'deploy [PATH] [--name NAME] [--env KEY=VALUE]… [--json]';

export const deployCommand: CliCommand = {
  name: 'deploy',
  usage: DEPLOY_USAGE,
  summary: 'Turn a folder (this one, without PATH) into an app, or redeploy it: detect, build, release, start',
  details: [
    'PATH is relative to where you run the command; ~ is your home folder.',
    '--env KEY=VALUE sets a config var with this release (repeat it for more), e.g. one that app.json',
    'requires before the first deploy.',
  ].join('\n'),
  flags: { values: { '--name': 'name', '-n': 'name', '--env': 'env', '-e': 'env' }, booleans: JSON_FLAG },
  run: (args, io) => withEngine(async (client) => {
    if (args.positionals.length > 1) throw new CliError(`Usage: dynodesk ${DEPLOY_USAGE}`);
    // Resolved here, in the caller's folder: the engine runs somewhere else and takes absolute paths only.
    const path = resolveCallerPath(args.positionals[0] ?? '.');
    const env = parseEnvFlags(args.lists.get('env') ?? []);
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
    const result = await client.call('apps.deploy', { path, deployId, ...(name ? { name } : {}), ...(env ? { env } : {}) });
    // As in `apps --json`: no URL for an app without a web process.
    if (json) printJson(io, { ...result, app: { ...result.app, url: webUrl(result.app) } });
    else io.out(deployedText(result.app, result.release));
    warnIfRolloutStopped(io, result.warning);
    return 0;
  }),
};

/** `--env A=1 --env B=2` → { A: '1', B: '2' }; nothing given → undefined. The engine checks the names. */
export function parseEnvFlags(tokens: string[]): Record<string, string> | undefined {
  if (tokens.length === 0) return undefined;
  const env: Record<string, string> = {};
  for (const token of tokens) {
    const eq = token.indexOf('=');
    if (eq <= 0) throw new CliError(`--env ${token} is invalid: expected KEY=VALUE`);
    env[token.slice(0, eq)] = token.slice(eq + 1);
  }
  return env;
}

function deployedText(app: AppDTO, release: number): string {
  const url = webUrl(app);
  if (url) return `Deployed ${app.name} v${release} → ${url} (also http://127.0.0.1:${app.port})`;
  const running = Object.values(app.formation).some((q) => q > 0);
  const example = scaleExample(app.processTypes);
  const start = running || !example ? '' : `; nothing runs yet: start it with \`${example} -a ${app.name}\``;
  return `Deployed ${app.name} v${release} (no web process, so no URL${start})`;
}

export const appsCommand: CliCommand = {
  name: 'apps',
  usage: 'apps [--json]',
  summary: 'List apps',
  flags: { values: {}, booleans: JSON_FLAG },
  run: (args, io) => withEngine(async (client) => {
    const apps = await client.call('apps.list', {});
    if (args.flags.has('json')) {
      printJson(io, apps.map((a) => ({ name: a.name, path: a.path, url: webUrl(a), port: a.port, formation: a.formation, processTypes: a.processTypes, state: a.state, release: a.release, releaseStatus: a.releaseStatus })));
    } else if (apps.length === 0) {
      io.out('No apps yet. Deploy one with `dynodesk deploy [PATH]`.');
    } else {
      io.out(table([['NAME', 'STATE', 'DYNOS', 'URL', 'PATH'], ...apps.map((a) => [a.name, a.state, String(a.dynoCount), webUrl(a) ?? '(no web process)', a.path ?? '(git push)'])]));
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
    const url = webUrl(info);
    if (args.flags.has('json')) { printJson(io, { ...info, url }); return 0; }
    io.out([
      `=== ${info.name}`,
      `Path:        ${info.path ?? 'none (deployed with git push)'}`,
      ...(info.gitRemote ? [`Git URL:     ${info.gitRemote}`] : []),
      ...(url ? [`Web URL:     ${url}`, `App port:    http://127.0.0.1:${info.port}`] : ['Web URL:     none (no web process)']),
      `Buildpack:   ${info.buildpack}`,
      `Release:     ${releaseText(info)}`,
      `State:       ${info.state}`,
      `Dynos:       ${Object.entries(info.formation).map(([t, q]) => `${t}: ${q}`).join(', ') || 'none'}`,
      `Config vars: ${info.configKeys.length ? info.configKeys.join(', ') : 'none'}`,
      `Slug size:   ${bytes(info.slugBytes)} (kept slugs)   Build cache: ${bytes(info.cacheBytes)}`,
      `Balancing:   ${info.settings.algorithm}${info.settings.maintenance ? ' (maintenance mode on)' : ''}`,
    ].join('\n'));
    return 0;
  }),
};

export const destroyCommand: CliCommand = {
  name: 'apps:destroy',
  usage: 'apps:destroy APP',
  summary: 'Stop every dyno of an app, destroy its add-ons (their data too) and forget it (the project folder is not touched)',
  flags: { values: { ...APP_FLAGS, '--confirm': 'confirm' }, booleans: {} },
  run: (args, io) => withEngine(async (client) => {
    const app = args.positionals[0] ?? args.flags.get('app') ?? args.flags.get('confirm');
    if (!app) throw new CliError('Usage: dynodesk apps:destroy APP');
    // Said before it happens: the add-ons' data goes with the app.
    const addons = (await client.call('addons.list', { app }).catch(() => [])).map((a) => `${a.name} (${a.configVar})`);
    if (addons.length > 0) io.err(`Destroying ${app} also destroys its add-ons and their data: ${addons.join(', ')}`);
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
    const base = webUrl(info);
    if (!base) throw new CliError(`${noWebText(info)}: there is nothing to open in a browser`);
    const url = `${base}/${(args.positionals[0] ?? '').replace(/^\//, '')}`;
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
