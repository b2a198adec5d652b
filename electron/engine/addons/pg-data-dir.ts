// The Postgres data folder: made once with initdb (into a side folder, renamed into place only when
// complete, so a crash mid-init never leaves a half-made cluster that looks like a real one), checked
// before every start, and cleared of a dead server's lock file. A folder we did not make, or cannot
// use, is refused and left exactly as it is.
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UserError } from '../errors.js';
import type { PgBinaries } from './pg-binaries.js';
import type { RunAs } from './run-as.js';

const run = promisify(execFile);

export const PG_ADMIN_USER = 'dynodesk';

const HBA = [
  '# Written by Dynodesk. TCP on 127.0.0.1 only, every login with a SCRAM-SHA-256 password.',
  '# Which database a role may open is up to CONNECT rights: each add-on role owns its database,',
  '# and PUBLIC may connect to none.',
  'host all all 127.0.0.1/32 scram-sha-256',
  '',
].join('\n');

export interface InitOptions {
  binaries: PgBinaries;
  baseDir: string;
  pgData: string;
  adminPassword: string;
  runAs: RunAs | null;
  env: Record<string, string>;
}

/** initdb into <pgData>.init, then rename. */
export async function initDataDir(o: InitOptions): Promise<void> {
  const staging = `${o.pgData}.init`;
  // Ours, from an init that never finished: nothing in it is worth keeping.
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { mode: 0o700 });
  const pwfile = join(o.baseDir, '.initdb-pw');
  try {
    writeFileSync(pwfile, o.adminPassword, { mode: 0o600 });
    if (o.runAs) {
      chownSync(staging, o.runAs.uid, o.runAs.gid);
      chownSync(pwfile, o.runAs.uid, o.runAs.gid);
    }
    await run(o.binaries.initdb, [
      '-D', staging, '-U', PG_ADMIN_USER, `--pwfile=${pwfile}`, '-A', 'scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-instructions',
      // One syncfs() instead of an fsync per file (about a thousand): the slowest part of a first add-on.
      ...(process.platform === 'linux' ? ['--sync-method=syncfs'] : []),
    ], {
      env: o.env, cwd: o.baseDir, maxBuffer: 4 * 1024 * 1024,
      ...(o.runAs ? { uid: o.runAs.uid, gid: o.runAs.gid } : {}),
    });
    writeFileSync(join(staging, 'pg_hba.conf'), HBA, { mode: 0o600 });
    if (o.runAs) chownSync(join(staging, 'pg_hba.conf'), o.runAs.uid, o.runAs.gid);
    renameSync(staging, o.pgData);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    const e = err as { stderr?: string; code?: string; message?: string };
    const why = (e.stderr ?? '').trim().split('\n').slice(-3).join(' ') || e.message || String(err);
    throw new UserError(`Could not initialise the PostgreSQL data directory${diskFull(why) ? ' (the disk is full)' : ''}: ${why}`, 'failed');
  } finally {
    try { unlinkSync(pwfile); } catch { /* never written */ }
  }
}

/** Refuse a folder we cannot run: not a cluster, another major version, or one not made by us. */
export function checkDataDir(pgData: string, binaryMajor: string, adminPassword: string | null): void {
  const keep = `It was left as it is. Move it away to start with an empty PostgreSQL (the databases in it would no longer be used), or put back the folder this Dynodesk made.`;
  const version = existsSync(join(pgData, 'PG_VERSION')) ? readFileSync(join(pgData, 'PG_VERSION'), 'utf8').trim() : null;
  if (version === null || !existsSync(join(pgData, 'global', 'pg_control'))) {
    throw new UserError(`The PostgreSQL data directory ${pgData} is damaged or is not a PostgreSQL data directory (no PG_VERSION or global/pg_control). ${keep}`, 'failed');
  }
  if (version !== binaryMajor) {
    throw new UserError(`The PostgreSQL data directory ${pgData} is from PostgreSQL ${version}, and this Dynodesk runs PostgreSQL ${binaryMajor}. ${keep}`, 'failed');
  }
  if (adminPassword === null) {
    throw new UserError(`The PostgreSQL data directory ${pgData} was not made by this data directory's add-on state (addons.json has no credentials for it), so Dynodesk cannot administer it. ${keep}`, 'failed');
  }
}

/** The binary's major version ("17"), from `postgres --version`. */
export async function binaryMajor(binaries: PgBinaries, env: Record<string, string>): Promise<string> {
  const { stdout } = await run(binaries.postgres, ['--version'], { env });
  const m = /(\d+)(?:\.\d+)?/.exec(stdout);
  if (!m?.[1]) throw new Error(`unexpected output from postgres --version: ${stdout.trim()}`);
  return m[1];
}

/**
 * A server killed outright leaves postmaster.pid behind. Postgres ignores it when that pid is dead,
 * but not when the pid was reused by another program since; a leftover postgres of ours still on it
 * (an engine killed before it recorded the server) is stopped, since we hold the data dir's lock.
 */
export async function clearStaleLock(pgData: string): Promise<void> {
  const lock = join(pgData, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number(readFileSync(lock, 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 1 || !alive(pid)) return;
  if (commandLine(pid).includes(pgData)) {
    try { process.kill(-pid, 'SIGKILL'); } catch { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
    return;
  }
  unlinkSync(lock);
}

/** Disk full, as the kernel and PostgreSQL word it. */
export function diskFull(message: string): boolean {
  return /ENOSPC|No space left on device|could not extend file|disk full/i.test(message);
}

/** Folders of ours on the way to the data folder that the server's user must pass through. */
export function openForTraversal(folders: string[]): void {
  for (const f of folders) {
    const mode = statSync(f).mode & 0o7777;
    // Search only (o+x): the server's user may pass through to the folder it owns, not list or read ours.
    if ((mode & 0o001) === 0) chmodSync(f, mode | 0o001);
  }
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (err) { return (err as NodeJS.ErrnoException).code === 'EPERM'; }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}
