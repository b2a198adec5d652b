// The data directory and private folders must be ours alone: checked on real folders, with a real second user
// creating things. Tests run as root, whom permissions never stop, so they assert on the owner and mode checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../../electron/engine/engine.js';
import { UserError } from '../../../electron/engine/errors.js';
import { ensureDataDir, ensurePrivateDir } from '../../../electron/engine/state/private-dir.js';
import { OTHER_UID, otherUserUnavailable, runAsOtherUser } from '../../helpers/other-user.js';
import { tempDir } from '../../helpers/tmp.js';

const posixOnly = process.platform === 'win32' ? 'modes and owners are not how Windows guards folders' : false;

const userError = (pattern: RegExp) => (err: unknown): boolean => {
  assert.ok(err instanceof UserError, `expected a UserError, got ${String(err)}`);
  assert.match(err.message, pattern);
  return true;
};

test('a new data directory is created private (0700)', { skip: posixOnly }, (t) => {
  const dir = tempDir();
  t.after(() => dir.remove());
  const data = join(dir.path, 'deeper', 'data');
  ensureDataDir(data);
  assert.equal(statSync(data).mode & 0o777, 0o700);
});

test('a data directory other users can write to is refused, and nothing is written to it', { skip: otherUserUnavailable }, async (t) => {
  const dir = tempDir();
  t.after(() => dir.remove());
  chmodSync(dir.path, 0o777);
  // What the permissions let another user do: plant a state file of their own.
  await runAsOtherUser(`require('node:fs').writeFileSync(process.argv[1], '{"lanAccess":true}')`, [join(dir.path, 'preferences.json')]);
  await assert.rejects(Engine.open({ dataDir: dir.path, routerPort: 0 }),
    userError(new RegExp(`Refusing to use the data directory ${dir.path}: its mode is 0777.*chmod 700`)));
  assert.deepEqual(readdirSync(dir.path), ['preferences.json'], 'no lock, no state written');
  assert.equal(statSync(dir.path).mode & 0o777, 0o777, 'its mode is left as it was');
});

test('a data directory holding a file of another user is refused, naming the file', { skip: otherUserUnavailable }, async (t) => {
  const dir = tempDir();
  t.after(() => dir.remove());
  chmodSync(dir.path, 0o777);
  const planted = join(dir.path, 'apps.json');
  await runAsOtherUser(`require('node:fs').writeFileSync(process.argv[1], '{}')`, [planted]);
  // Tightened afterwards (by hand, say): the planted file is still there and still not ours.
  chmodSync(dir.path, 0o700);
  assert.throws(() => ensureDataDir(dir.path), userError(new RegExp(`${planted} is not safe, it belongs to uid ${OTHER_UID}, not to you`)));
});

test('a data directory owned by another user is refused', { skip: otherUserUnavailable }, (t) => {
  const dir = tempDir();
  t.after(() => dir.remove());
  chownSync(dir.path, OTHER_UID, OTHER_UID);
  assert.throws(() => ensureDataDir(dir.path), userError(/belongs to uid 65534, not to you \(uid 0\).*DYNODESK_HOME/));
});

test('entries others may write to are refused; symlinks of ours and an add-ons folder of another user are fine', { skip: otherUserUnavailable }, (t) => {
  const dir = tempDir();
  t.after(() => dir.remove());
  writeFileSync(join(dir.path, 'apps.json'), '{}', { mode: 0o600 });
  symlinkSync('/nowhere', join(dir.path, 'link'));
  // Add-on database servers run as their own user when the engine is root.
  mkdirSync(join(dir.path, 'addons'));
  chownSync(join(dir.path, 'addons'), OTHER_UID, OTHER_UID);
  ensureDataDir(dir.path);
  mkdirSync(join(dir.path, 'slugs'));
  chmodSync(join(dir.path, 'slugs'), 0o777);
  assert.throws(() => ensureDataDir(dir.path), userError(/slugs is not safe, its mode is 0777/));
});

test('a private folder is created 0700, even under a permissive umask', { skip: posixOnly }, (t) => {
  const dir = tempDir();
  t.after(() => dir.remove());
  const old = process.umask(0);
  t.after(() => process.umask(old));
  ensurePrivateDir(join(dir.path, 'p'), 'the test');
  assert.equal(statSync(join(dir.path, 'p')).mode & 0o777, 0o700);
  ensurePrivateDir(join(dir.path, 'p'), 'the test'); // ours already: accepted as is
});

test('a private folder someone else created first is refused, naming it', { skip: otherUserUnavailable }, async (t) => {
  const dir = tempDir();
  t.after(() => dir.remove());
  chmodSync(dir.path, 0o1777); // like /tmp
  const squatted = join(dir.path, 'dynodesk-0');
  await runAsOtherUser(`require('node:fs').mkdirSync(process.argv[1], { mode: 0o700 })`, [squatted]);
  assert.throws(() => ensurePrivateDir(squatted, 'the control socket'),
    userError(new RegExp(`Refusing to use ${squatted} for the control socket: it belongs to uid ${OTHER_UID}, not to you`)));
  assert.equal(statSync(squatted).uid, OTHER_UID, 'left alone');
});

test('a private folder that is a symlink, or not exactly 0700, is refused', { skip: posixOnly }, (t) => {
  const dir = tempDir();
  t.after(() => dir.remove());
  const target = join(dir.path, 'target');
  mkdirSync(target, { mode: 0o700 });
  symlinkSync(target, join(dir.path, 'link'));
  assert.throws(() => ensurePrivateDir(join(dir.path, 'link'), 'x'), userError(/is a symbolic link/));
  const open = join(dir.path, 'open');
  mkdirSync(open);
  chmodSync(open, 0o755);
  assert.throws(() => ensurePrivateDir(open, 'x'), userError(/its mode is 0755, not 0700/));
  assert.ok(existsSync(open));
});
