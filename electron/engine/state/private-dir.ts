// Who may touch the data directory and the control socket's folder. Both hold what drives the engine
// (state files with config vars, the socket that is as powerful as a shell), so each must be ours alone.
// Windows keeps its defaults: there the folders are guarded by ACLs and the socket is a named pipe.
import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';

/** Add-on servers keep their databases here, owned by a dedicated user when the engine runs as root. */
export const ADDONS_DIR = 'addons';

/** Group and other may write: anyone with write access to a folder can replace what is in it. */
const WRITE_BY_OTHERS = 0o022;

/** Our uid, or null where modes and owners are not how access is controlled (Windows). */
export function ownUid(): number | null {
  return process.platform === 'win32' || typeof process.getuid !== 'function' ? null : process.getuid();
}

export function formatMode(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}

/** Why `st` is not ours alone (owner, or any of `forbiddenBits` set), or null when it is. */
export function trustProblem(st: Stats, uid: number, forbiddenBits: number): string | null {
  if (st.uid !== uid) return `it belongs to uid ${st.uid}, not to you (uid ${uid})`;
  if ((st.mode & forbiddenBits) !== 0) return `its mode is ${formatMode(st.mode)}, which lets other users in`;
  return null;
}

/**
 * Create the data directory (0700) or check the existing one: ours, not writable by other users, and every
 * entry at its top ours and not writable by others either. Throws a UserError naming the culprit and changes nothing.
 */
export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const uid = ownUid();
  if (uid === null) return;
  // stat, not lstat: DYNODESK_HOME may point through a symlink the user made on purpose.
  const st = statSync(dataDir);
  if (!st.isDirectory()) throw new UserError(`The data directory ${dataDir} is not a folder. Set DYNODESK_HOME to a folder.`);
  const problem = trustProblem(st, uid, WRITE_BY_OTHERS);
  if (problem) {
    throw new UserError(`Refusing to use the data directory ${dataDir}: ${problem}. Dynodesk keeps config vars and its control socket there, so only you may write to it. `
      + (st.uid === uid ? `Run \`chmod 700 '${dataDir}'\` and start again.` : 'Set DYNODESK_HOME to a folder of your own.'));
  }
  for (const name of readdirSync(dataDir)) {
    // Add-on databases belong to their own user; the add-on supervisor checks them itself.
    if (name === ADDONS_DIR) continue;
    const path = join(dataDir, name);
    let entry: Stats;
    try { entry = lstatSync(path); } catch { continue; /* removed meanwhile */ }
    // A symlink's own mode is always 0777 and means nothing; its owner still does.
    const bad = trustProblem(entry, uid, entry.isSymbolicLink() ? 0 : WRITE_BY_OTHERS);
    if (bad) {
      throw new UserError(`Refusing to use the data directory ${dataDir}: ${path} is not safe, ${bad}. `
        + `Another user (or a command run with sudo) may have put it there; remove it or fix its owner and mode, then start again.`);
    }
  }
}

/**
 * Make `dir` (whose parent others may write to, like /tmp) a folder only we can use: create it 0700, or accept
 * an existing one only if it is a real directory (not a symlink), ours, with mode exactly 0700. Otherwise someone
 * else prepared it, perhaps to receive what we put there: refuse, naming it.
 */
export function ensurePrivateDir(dir: string, purpose: string): void {
  const uid = ownUid();
  if (uid === null) { mkdirSync(dir, { recursive: true }); return; }
  let created = false;
  try {
    mkdirSync(dir, { mode: 0o700 });
    created = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // We made it, so the umask alone decided its mode: set it exactly.
  if (created) chmodSync(dir, 0o700);
  const problem = privateDirProblem(dir, uid);
  if (problem) {
    throw new UserError(`Refusing to use ${dir} for ${purpose}: ${problem}. Someone else may have created it to take over that role. `
      + `Remove it (or, if it is yours, \`chmod 700\` it), then start again.`);
  }
}

/** Why `dir` is not a private folder of ours (real directory, owner us, mode exactly 0700), or null. */
export function privateDirProblem(dir: string, uid: number): string | null {
  const st = lstatSync(dir);
  if (st.isSymbolicLink()) return 'it is a symbolic link, not a folder';
  if (!st.isDirectory()) return 'it is not a folder';
  if (st.uid !== uid) return `it belongs to uid ${st.uid}, not to you (uid ${uid})`;
  if ((st.mode & 0o777) !== 0o700) return `its mode is ${formatMode(st.mode)}, not 0700`;
  return null;
}
