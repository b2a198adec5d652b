// PostgreSQL refuses to run as root. Desktop users are not root, so there the server simply runs as
// them; on a server or in CI the engine often is, and then the server runs as a dedicated system user
// (dynodesk-pg, created once; `nobody` where users cannot be created), which owns only its data folder.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, parse } from 'node:path';
import { UserError } from '../errors.js';

export interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

export const PG_SYSTEM_USER = 'dynodesk-pg';

/** null: run as ourselves. */
export function postgresRunAs(): RunAs | null {
  if (process.platform === 'win32' || process.getuid?.() !== 0) return null;
  return lookupUser(PG_SYSTEM_USER) ?? createSystemUser() ?? lookupUser('nobody') ?? (() => {
    throw new UserError(`PostgreSQL cannot run as root, and neither a user ${PG_SYSTEM_USER} nor nobody exists to run it: create one (useradd --system ${PG_SYSTEM_USER}).`, 'failed');
  })();
}

function lookupUser(name: string): RunAs | null {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid, name } : null;
  } catch {
    return null;
  }
}

function createSystemUser(): RunAs | null {
  try {
    execFileSync('useradd', ['--system', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', '--user-group', PG_SYSTEM_USER], { stdio: 'ignore' });
  } catch { /* no useradd, or a race with another engine that made it: look again */ }
  return lookupUser(PG_SYSTEM_USER);
}

/**
 * Every folder from the root down to `dir`'s parent must let `user` through (search permission),
 * or the server cannot reach its data. We never loosen folders that are not ours to change:
 * refuse, naming the one to open.
 */
export function assertTraversable(dir: string, user: RunAs): void {
  const chain: string[] = [];
  for (let d = dirname(dir); ; d = dirname(d)) {
    chain.unshift(d);
    if (d === parse(d).root) break;
  }
  for (const folder of chain) {
    const st = statSync(folder);
    const ok = st.uid === user.uid ? (st.mode & 0o100) !== 0 : st.gid === user.gid ? (st.mode & 0o010) !== 0 : (st.mode & 0o001) !== 0;
    if (!ok) {
      throw new UserError(`PostgreSQL runs as the user ${user.name} (it refuses to run as root), and it cannot get through ${folder} to reach its data in ${dir}. Let it through with \`chmod o+x '${folder}'\` (search only: it cannot list or read the folder), or set DYNODESK_HOME to a data directory under a folder it can reach.`, 'failed');
    }
  }
}
