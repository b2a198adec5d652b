// npm keeps running on the system's Node even when the app asks for another one: current npm
// refuses old Nodes (npm 11 needs Node >= 20.17), and an app pinned to Node 18 still needs an npm
// that works. So npm is started as `<system node> <npm-cli.js>`, and a tiny `npm`/`npx` shim does
// the same for the app's own scripts and dynos, while PATH's first `node` is the app's.
import { randomBytes } from 'node:crypto';
import { realpathSync, statSync } from 'node:fs';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { findExecutable } from '../find-executable.js';
import { shQuote } from '../../platform-shell.js';

export interface HostNpm {
  /** The system `node` (first on the host's PATH). */
  node: string;
  /** npm's entry script, or null when the npm install has an unusual layout. */
  npmCli: string | null;
  /** The `npm` command itself, used when npmCli could not be located. */
  npm: string;
}

export function locateHostNpm(env: Record<string, string>): HostNpm | null {
  const node = findExecutable('node', env);
  const npm = findExecutable('npm', env);
  if (!node || !npm) return null;
  return { node, npmCli: npmCliNextTo(npm), npm };
}

/** How to start npm with the system node: program and leading arguments. */
export function npmInvocation(host: HostNpm): { file: string; args: string[] } {
  return host.npmCli ? { file: host.node, args: [host.npmCli] } : { file: host.npm, args: [] };
}

function npmCliNextTo(npm: string): string | null {
  let real = npm;
  try {
    real = realpathSync(npm);
  } catch {
    // Keep the path as found.
  }
  // Unix installs link bin/npm to lib/node_modules/npm/bin/npm-cli.js; Windows puts npm.cmd
  // beside node_modules/npm.
  const candidates = [
    real,
    join(dirname(npm), 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    join(dirname(npm), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  ];
  return candidates.find((c) => basename(c) === 'npm-cli.js' && isFile(c)) ?? null;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Write `npm` and `npx` shims into `dir` that run npm on the system node. Rewritten on every build
 * (the system Node may have moved since), each file replaced in one rename so a running dyno never
 * sees half a script. Returns false when npm's entry script was not found (no shim: npm then runs
 * on whatever `node` PATH gives it).
 */
export async function writeNpmShims(dir: string, host: HostNpm): Promise<boolean> {
  if (!host.npmCli) return false;
  // 0700 for the same reason as the Node runtimes beside it (node-install.ts).
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const npxCli = join(dirname(host.npmCli), 'npx-cli.js');
  const tools: [string, string][] = [['npm', host.npmCli]];
  if (isFile(npxCli)) tools.push(['npx', npxCli]);
  for (const [name, cli] of tools) {
    const win = process.platform === 'win32';
    const file = join(dir, win ? `${name}.cmd` : name);
    const text = win
      ? `@"${host.node}" "${cli}" %*\r\n`
      : `#!/bin/sh\n# Dynodesk: ${name} runs on the system Node; the app's scripts get the app's Node from PATH.\nexec ${shQuote(host.node)} ${shQuote(cli)} "$@"\n`;
    const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, text);
    if (!win) await chmod(temp, 0o755);
    await rename(temp, file);
  }
  return true;
}
