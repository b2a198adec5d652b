// Each app's git remote: a bare repository in the data directory (<dataDir>/repos/<app>.git),
// pushed to over git's file transport, so it needs no server. Its pre-receive hook hands the push
// to the engine through the dynodesk CLI; pre-receive (not post-receive) so that a failed build
// rejects the push and the branch keeps pointing at what runs.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { shQuote } from '../platform-shell.js';
import { gitFreeEnv } from '../slugs/snapshot.js';

/** How the hook starts the CLI: absolute paths, because a pushing shell may have neither on its PATH. */
export interface HookCommand {
  node: string;
  cli: string;
}

export function appRepoPath(dataDir: string, app: string): string {
  return join(dataDir, 'repos', `${app}.git`);
}

/** Create the app's bare repository if it is missing, and (re)write its hook. Returns its path. */
export async function ensureAppRepo(dataDir: string, app: string, hook: HookCommand | null): Promise<string> {
  const repo = appRepoPath(dataDir, app);
  if (!existsSync(join(repo, 'HEAD'))) {
    await mkdir(join(dataDir, 'repos'), { recursive: true });
    await git(['init', '--bare', '--quiet', repo], dataDir);
    // Pushes go to main (or master): a clone should check out main.
    await git(['symbolic-ref', 'HEAD', 'refs/heads/main'], repo);
  }
  await writeHook(repo, dataDir, app, hook);
  return repo;
}

export async function removeAppRepo(dataDir: string, app: string): Promise<void> {
  await rm(appRepoPath(dataDir, app), { recursive: true, force: true, maxRetries: 3 });
}

/** POSIX sh, which Git for Windows runs hooks with too. */
export function hookScript(dataDir: string, app: string, hook: HookCommand | null): string {
  const head = [
    '#!/bin/sh',
    `# Written by Dynodesk for the app ${app}: hands each push to the engine, which builds it;`,
    '# a failed build rejects the push. Rewritten whenever the engine starts.',
  ];
  if (!hook) {
    return [...head,
      'echo " !     Dynodesk cannot build this push: the engine found no dynodesk command line tool to run here." >&2',
      'echo " !     Install it from the Dynodesk app (Install Command Line Tool...) and restart the app." >&2',
      'exit 1', ''].join('\n');
  }
  return [...head,
    // The pushing shell may have another DYNODESK_HOME, or none: this repository belongs to this data directory.
    `DYNODESK_HOME=${shQuote(dataDir)}`,
    'export DYNODESK_HOME',
    `exec ${shQuote(hook.node)} ${shQuote(hook.cli)} git:receive ${shQuote(app)}`, ''].join('\n');
}

async function writeHook(repo: string, dataDir: string, app: string, hook: HookCommand | null): Promise<void> {
  const path = join(repo, 'hooks', 'pre-receive');
  const text = hookScript(dataDir, app, hook);
  if ((await readFile(path, 'utf8').catch(() => null)) === text) return;
  await mkdir(join(repo, 'hooks'), { recursive: true });
  // Renamed into place: a push starting meanwhile runs the old hook or the new one, never half of one.
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text, { mode: 0o755 });
  await chmod(tmp, 0o755);
  await rename(tmp, path);
}

function git(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env: gitFreeEnv(), windowsHide: true }, (err, _stdout, stderr) => {
      if (!err) { resolve(); return; }
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      reject(new Error(missing ? 'git was not found on the PATH: install git to deploy with git push' : `git ${args[0] ?? ''} failed: ${String(stderr).trim() || err.message}`));
    });
  });
}
