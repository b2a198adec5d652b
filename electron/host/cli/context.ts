import { resolve } from 'node:path';
import type { AppDTO } from '../../../shared/types.js';
import { defaultDataDir } from '../../engine/data-dir.js';
import { CliError, connectControl, type ControlClient } from '../control-client.js';
import type { ParsedArgs } from './args.js';
import { isWithin } from './caller-path.js';
import { appFromGitRemote } from './git-local.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const stdio: Io = {
  out: (text) => { process.stdout.write(text.endsWith('\n') ? text : `${text}\n`); },
  err: (text) => { process.stderr.write(text.endsWith('\n') ? text : `${text}\n`); },
};

export async function withEngine<T>(fn: (client: ControlClient) => Promise<T>): Promise<T> {
  const client = await connectControl(defaultDataDir());
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

/** -a APP, else the app whose folder holds the caller's working directory, else the only app. */
export async function resolveApp(client: ControlClient, args: ParsedArgs): Promise<string> {
  const explicit = args.flags.get('app') ?? process.env.DYNODESK_APP_NAME;
  const apps = await client.call('apps.list', {});
  if (explicit) {
    if (!apps.some((a) => a.name === explicit)) throw new CliError(`Couldn't find that app: ${explicit}`);
    return explicit;
  }
  // The CLI's own cwd is the caller's (never the engine's): that is the folder the user stands in.
  const cwd = resolve(process.cwd());
  const here = apps
    .filter((a: AppDTO): a is AppDTO & { path: string } => a.path !== null && isWithin(cwd, a.path))
    .sort((a, b) => b.path.length - a.path.length)[0];
  if (here) return here.name;
  // A repository whose `dynodesk` remote pushes to an app (git apps have no folder to stand in).
  const pushedTo = appFromGitRemote(cwd);
  if (pushedTo && apps.some((a) => a.name === pushedTo)) return pushedTo;
  if (apps.length === 1 && apps[0]) return apps[0].name;
  if (apps.length === 0) throw new CliError('No apps yet: deploy one with `dynodesk deploy [PATH]`');
  throw new CliError(`Missing app: pass -a APP (one of: ${apps.map((a) => a.name).join(', ')})`);
}

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}
