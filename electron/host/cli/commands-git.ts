// `create` and `git:remote`: an app to push to, and the remote that pushes there (as `heroku
// create` and `heroku git:remote` do).
import { resolve } from 'node:path';
import { CliError } from '../control-client.js';
import { APP_FLAGS, JSON_FLAG } from './args.js';
import type { CliCommand } from './command.js';
import { printJson, resolveApp, withEngine } from './context.js';
import { DEFAULT_REMOTE, gitWorkTree, setGitRemote } from './git-local.js';

const REMOTE_FLAGS = { '--remote': 'remote', '-r': 'remote' };

export const createCommand: CliCommand = {
  name: 'create',
  usage: 'create [NAME] [--remote dynodesk] [--json]',
  summary: 'Create an app to deploy with git push (a generated name without NAME); in a git repository, add its remote',
  details: 'Then `git push dynodesk main` builds and releases the pushed commit.',
  flags: { values: REMOTE_FLAGS, booleans: JSON_FLAG },
  run: (args, io) => withEngine(async (client) => {
    if (args.positionals.length > 1) throw new CliError('Usage: dynodesk create [NAME]');
    const wanted = args.positionals[0];
    const { name } = await client.call('apps.create', wanted === undefined ? {} : { name: wanted });
    const info = await client.call('apps.info', { app: name });
    const remote = args.flags.get('remote') ?? DEFAULT_REMOTE;
    const cwd = resolve(process.cwd());
    const tree = gitWorkTree(cwd);
    let remoteNote: string;
    let added = false;
    if (!info.gitRemote) {
      remoteNote = 'It has no git repository to push to (is git installed where the engine runs?)';
    } else if (!tree) {
      remoteNote = `${cwd} is not in a git repository, so no git remote was added. In your app's repository run \`dynodesk git:remote -a ${name}\`, then \`git push ${remote} main\`.`;
    } else {
      const how = setGitRemote(tree, remote, info.gitRemote);
      added = true;
      remoteNote = `Git remote ${remote} ${how === 'added' ? 'added' : how === 'updated' ? 'updated' : 'already set'}: deploy with \`git push ${remote} main\``;
    }
    if (args.flags.has('json')) {
      printJson(io, { name, url: info.url, gitRemote: info.gitRemote, remoteAdded: added ? remote : null });
      return 0;
    }
    io.out(`Creating ${name}... done`);
    io.out(`${info.url} | ${info.gitRemote ?? '(no git remote)'}`);
    io.err(remoteNote);
    return 0;
  }),
};

export const gitRemoteCommand: CliCommand = {
  name: 'git:remote',
  usage: 'git:remote -a APP [--remote dynodesk]',
  summary: "Add (or update) a git remote for an app in this repository: `git push dynodesk main` deploys",
  flags: { values: { ...APP_FLAGS, ...REMOTE_FLAGS }, booleans: {} },
  run: (args, io) => withEngine(async (client) => {
    const tree = gitWorkTree(resolve(process.cwd()));
    if (!tree) throw new CliError(`${resolve(process.cwd())} is not in a git repository: run \`git init\` (and commit your app) first`);
    const app = await resolveApp(client, args);
    const info = await client.call('apps.info', { app });
    if (!info.gitRemote) throw new CliError(`${app} has no git repository: is git installed where the engine runs? Restart the engine once it is`);
    const remote = args.flags.get('remote') ?? DEFAULT_REMOTE;
    const how = setGitRemote(tree, remote, info.gitRemote);
    io.out(`${how === 'unchanged' ? 'Git remote' : how === 'added' ? 'Added git remote' : 'Updated git remote'} ${remote} → ${info.gitRemote}`);
    return 0;
  }),
};
