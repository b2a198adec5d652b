// Where the engine for a data directory listens for the CLI, and whether what sits there can be trusted.
import { createHash } from 'node:crypto';
import { lstatSync, statSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ensurePrivateDir, ownUid, privateDirProblem, trustProblem } from '../engine/state/private-dir.js';

/** sun_path holds 104–108 bytes depending on the platform; stay under all of them. */
const MAX_SOCKET_PATH_BYTES = 100;

/**
 * A Unix socket in the data dir, or (deep data dirs) one in a private folder of ours: $XDG_RUNTIME_DIR when it is
 * ours and 0700, else `<tmpdir>/dynodesk-<uid>`. Never a predictable name in a shared folder: another user could
 * create it first and receive the CLI's commands. Windows uses a named pipe, left with its default ACL.
 */
export function controlSocketPath(dataDir: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const digest = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  if (platform === 'win32') return `\\\\.\\pipe\\dynodesk-${digest}`;
  const inDir = join(dataDir, 'control.sock');
  if (Buffer.byteLength(inDir) < MAX_SOCKET_PATH_BYTES) return inDir;
  return join(privateSocketDir(env), `dynodesk-${digest}.sock`);
}

function privateSocketDir(env: NodeJS.ProcessEnv): string {
  const uid = ownUid() ?? 0;
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime && isAbsolute(runtime)) {
    try {
      if (privateDirProblem(runtime, uid) === null) return runtime;
    } catch { /* missing: use the temp folder */ }
  }
  // The uid in the name keeps users apart; the engine still verifies the folder is ours before using it.
  return join(env.TMPDIR || tmpdir(), `dynodesk-${uid}`);
}

/** Engine side, before listening: the socket's folder must be ours alone (the data dir was checked when it was opened). */
export function prepareControlSocketDir(path: string, dataDir: string): void {
  if (ownUid() === null) return;
  const dir = dirname(path);
  if (resolve(dir) !== resolve(dataDir)) ensurePrivateDir(dir, 'the control socket');
}

export type SocketCheck = { ok: true } | { ok: false; absent: boolean; reason: string };

/**
 * CLI side, before sending anything: the socket and its folder must be ours, the socket open to no one else,
 * the folder writable by no one else (so nobody can swap the socket between this check and the connect).
 */
export function checkControlSocket(path: string): SocketCheck {
  const uid = ownUid();
  if (uid === null) return { ok: true };
  const dir = dirname(path);
  const folder = statIfPresent(() => statSync(dir));
  if (folder === null) return { ok: false, absent: true, reason: `${dir} does not exist` };
  const folderProblem = trustProblem(folder, uid, 0o022);
  if (folderProblem) return { ok: false, absent: false, reason: `its folder ${dir} is not private: ${folderProblem}` };
  const socket = statIfPresent(() => lstatSync(path));
  if (socket === null) return { ok: false, absent: true, reason: `${path} does not exist` };
  if (!socket.isSocket()) return { ok: false, absent: false, reason: 'it is not a socket' };
  const socketProblem = trustProblem(socket, uid, 0o077);
  if (socketProblem) return { ok: false, absent: false, reason: socketProblem };
  return { ok: true };
}

function statIfPresent(stat: () => Stats): Stats | null {
  try {
    return stat();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw err;
  }
}
