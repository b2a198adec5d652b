// The user's own repository, as `create`, `git:remote` and `-a` inference see it. git runs in the
// caller's folder with the caller's environment: it is their repository and their git.
import { spawnSync } from 'node:child_process';
import { basename, dirname } from 'node:path';

export const DEFAULT_REMOTE = 'dynodesk';

function git(cwd: string, args: string[]): { ok: boolean; out: string; err: string; missing: boolean } {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', windowsHide: true });
  return { ok: r.status === 0, out: (r.stdout ?? '').trim(), err: (r.stderr ?? '').trim(), missing: (r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' };
}

/** The top of the git work tree holding `cwd`, or null (not in one, or no git). */
export function gitWorkTree(cwd: string): string | null {
  const r = git(cwd, ['rev-parse', '--show-toplevel']);
  return r.ok && r.out !== '' ? r.out : null;
}

/** Point `remote` at `url`, adding it if missing. */
export function setGitRemote(cwd: string, remote: string, url: string): 'added' | 'updated' | 'unchanged' {
  const current = git(cwd, ['remote', 'get-url', remote]);
  if (current.ok && current.out === url) return 'unchanged';
  const r = git(cwd, current.ok ? ['remote', 'set-url', remote, url] : ['remote', 'add', remote, url]);
  if (!r.ok) throw new Error(`git remote ${current.ok ? 'set-url' : 'add'} ${remote} failed: ${r.err || 'unknown error'}`);
  return current.ok ? 'updated' : 'added';
}

/** The app that the `dynodesk` remote of the repository at `cwd` pushes to (…/repos/<app>.git), or null. */
export function appFromGitRemote(cwd: string, remote = DEFAULT_REMOTE): string | null {
  const r = git(cwd, ['remote', 'get-url', remote]);
  if (!r.ok) return null;
  const url = r.out.replace(/[\\/]+$/, '');
  if (basename(dirname(url)) !== 'repos' || !url.endsWith('.git')) return null;
  return basename(url).slice(0, -'.git'.length) || null;
}
