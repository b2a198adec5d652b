// Where the control socket lives, and what the CLI accepts as the engine's socket: real folders and sockets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { checkControlSocket, controlSocketPath } from '../../electron/host/control-path.js';
import { OTHER_UID, otherUserUnavailable } from '../helpers/other-user.js';
import { tempDir } from '../helpers/tmp.js';

const posixOnly = process.platform === 'win32' ? 'named pipes' : false;
const uid = process.getuid?.() ?? 0;

function listenOn(path: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((s) => s.destroy());
    server.once('error', reject);
    server.listen(path, () => resolve(server));
  });
}

const closeServer = (s: Server): Promise<void> => new Promise((resolve) => s.close(() => resolve()));

test('a short data dir keeps its socket inside; Windows uses a named pipe', () => {
  assert.equal(controlSocketPath('/home/ann/.config/Dynodesk', {}, 'linux'), '/home/ann/.config/Dynodesk/control.sock');
  assert.match(controlSocketPath('C:\\Users\\ann\\AppData\\Roaming\\Dynodesk', {}, 'win32'), /^\\\\\.\\pipe\\dynodesk-[0-9a-f]{16}$/);
});

test('a deep data dir gets a socket in a per-user folder, never directly in the shared temp folder', { skip: posixOnly }, () => {
  const deep = `/srv/${'d'.repeat(100)}`;
  const path = controlSocketPath(deep, { TMPDIR: '/var/tmp' });
  assert.equal(dirname(path), `/var/tmp/dynodesk-${uid}`);
  assert.match(path, /\/dynodesk-[0-9a-f]{16}\.sock$/);
  assert.notEqual(controlSocketPath(`${deep}x`, { TMPDIR: '/var/tmp' }), path, 'one socket per data dir');
});

test('XDG_RUNTIME_DIR is used for a deep data dir only when it is ours and 0700', { skip: posixOnly }, (t) => {
  const dir = tempDir();
  t.after(() => dir.remove());
  const runtime = join(dir.path, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  const deep = `/srv/${'d'.repeat(100)}`;
  assert.equal(dirname(controlSocketPath(deep, { XDG_RUNTIME_DIR: runtime, TMPDIR: dir.path })), runtime);
  chmodSync(runtime, 0o755);
  assert.equal(dirname(controlSocketPath(deep, { XDG_RUNTIME_DIR: runtime, TMPDIR: dir.path })), join(dir.path, `dynodesk-${uid}`));
  assert.equal(dirname(controlSocketPath(deep, { XDG_RUNTIME_DIR: join(dir.path, 'missing'), TMPDIR: dir.path })), join(dir.path, `dynodesk-${uid}`));
});

test('the CLI accepts only a socket of ours, open to no one else, in a folder no one else can write to', { skip: otherUserUnavailable }, async (t) => {
  const dir = tempDir();
  t.after(() => dir.remove());
  const path = join(dir.path, 'control.sock');
  assert.deepEqual(checkControlSocket(path), { ok: false, absent: true, reason: `${path} does not exist` });
  assert.equal(checkControlSocket(join(dir.path, 'missing', 'control.sock')).ok, false);

  const server = await listenOn(path);
  t.after(() => closeServer(server));
  chmodSync(path, 0o600);
  assert.deepEqual(checkControlSocket(path), { ok: true });

  chmodSync(path, 0o666);
  assert.deepEqual(checkControlSocket(path), { ok: false, absent: false, reason: 'its mode is 0666, which lets other users in' });
  chmodSync(path, 0o600);

  chownSync(path, OTHER_UID, OTHER_UID);
  assert.deepEqual(checkControlSocket(path), { ok: false, absent: false, reason: `it belongs to uid ${OTHER_UID}, not to you (uid ${uid})` });
  chownSync(path, uid, uid);

  chmodSync(dir.path, 0o1777);
  assert.deepEqual(checkControlSocket(path), { ok: false, absent: false, reason: `its folder ${dir.path} is not private: its mode is 0777, which lets other users in` });
  chmodSync(dir.path, 0o700);

  const plain = join(dir.path, 'plain.sock');
  writeFileSync(plain, '', { mode: 0o600 });
  assert.deepEqual(checkControlSocket(plain), { ok: false, absent: false, reason: 'it is not a socket' });
});
