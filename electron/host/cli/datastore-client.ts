// pg:psql and redis:cli run the user's own client, as the Heroku CLI does, attached to this terminal.
// The password goes in the client's environment (PGPASSWORD, REDISCLI_AUTH), never in its arguments,
// which every user of the machine can read in ps.
import { spawn } from 'node:child_process';
import { findExecutable } from '../../engine/build/find-executable.js';
import { CliError } from '../control-client.js';

export type ClientTool = 'psql' | 'redis-cli';

const INSTALL: Record<ClientTool, string> = {
  psql: 'Install the PostgreSQL client: Debian/Ubuntu `sudo apt-get install postgresql-client`, Fedora `sudo dnf install postgresql`, macOS `brew install libpq && brew link --force libpq`, Windows: the PostgreSQL installer from postgresql.org (command line tools). Then try again.',
  'redis-cli': 'Install the Redis client: Debian/Ubuntu `sudo apt-get install redis-tools`, Fedora `sudo dnf install redis`, macOS `brew install redis`. Then try again.',
};

/** The tool on PATH, or the error saying exactly that it is missing and how to install it. */
export function findClient(tool: ClientTool): string {
  const found = findExecutable(tool, process.env);
  if (!found) throw new CliError(`${tool} is not on your PATH: this command runs your own ${tool}, as the Heroku CLI does. ${INSTALL[tool]}`);
  return found;
}

/** Run it on this terminal and resolve with its exit status. Ctrl-C belongs to it (psql cancels a query), not to us. */
export function runClient(path: string, args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ignore = (): void => undefined;
    process.on('SIGINT', ignore);
    const child = spawn(path, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.once('error', (err) => { process.off('SIGINT', ignore); reject(err); });
    child.once('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

export interface ParsedUrl {
  host: string;
  port: string;
  user: string;
  password: string;
  database: string;
}

export function parseServiceUrl(raw: string): ParsedUrl {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError('the attached URL is not a valid URL: was the config var changed by hand?');
  }
  return {
    host: url.hostname,
    port: url.port,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')),
  };
}
