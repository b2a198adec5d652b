import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { acquireLock, notWritableError } from '../../../electron/engine/state/lock.js';
import { UserError } from '../../../electron/engine/errors.js';
import { cli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

test('one engine per data directory', (t) => {
  const dir = tempDir();
  t.after(() => dir.remove());
  const lock = acquireLock(dir.path);
  assert.throws(() => acquireLock(dir.path), (err: unknown) => err instanceof UserError && /already using/.test(err.message));
  lock.release();
  acquireLock(dir.path).release();
});

test('a stale lock (dead pid, or a live pid with another start time) is taken over', (t) => {
  const dir = tempDir();
  t.after(() => dir.remove());
  writeFileSync(join(dir.path, 'engine.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, start: '1' }));
  acquireLock(dir.path).release();
  // Our own pid, but a start time that isn't ours: a previous process whose pid got reused.
  writeFileSync(join(dir.path, 'engine.lock'), JSON.stringify({ pid: process.pid, start: 'not-a-start-time' }));
  acquireLock(dir.path).release();
});

test('failures to write the data directory are named as such; other errors are not', () => {
  const errno = (code: string, message: string): NodeJS.ErrnoException => Object.assign(new Error(message), { code });
  const rofs = notWritableError('/data', errno('EROFS', "EROFS: read-only file system, open '/data/engine.lock'"));
  assert.ok(rofs instanceof UserError);
  assert.match(rofs.message, /^Cannot write to the data directory \/data \(read-only file system\): EROFS: read-only file system, open '\/data\/engine\.lock'\. .*DYNODESK_HOME/);
  assert.match(notWritableError('/data', errno('EACCES', 'EACCES: permission denied'))?.message ?? '', /\(permission denied\)/);
  assert.match(notWritableError('/data', errno('EPERM', 'EPERM: operation not permitted'))?.message ?? '', /\(operation not permitted\)/);
  for (const code of ['EEXIST', 'ENOENT', 'ENOSPC']) assert.equal(notWritableError('/data', errno(code, code)), null, code);
  assert.equal(notWritableError('/data', new Error('no code')), null);
});

/** `dir` mounted read-only at a new folder (a bind mount), or the reason that is not possible here. */
function readOnlyView(dir: string, at: string): { unmount(): void } | string {
  if (process.platform !== 'linux') return 'bind mounts are a Linux feature';
  mkdirSync(at);
  const bind = spawnSync('mount', ['--bind', dir, at], { encoding: 'utf8' });
  if (bind.status !== 0) return `mount --bind is not permitted here: ${(bind.stderr || bind.error?.message || '').trim()}`;
  const unmount = (): void => { spawnSync('umount', [at]); };
  const ro = spawnSync('mount', ['-o', 'remount,ro,bind', at], { encoding: 'utf8' });
  if (ro.status !== 0) {
    unmount();
    return `remounting read-only is not permitted here: ${ro.stderr.trim()}`;
  }
  return { unmount };
}

test('a read-only data directory is reported as read-only, not as another engine starting', { timeout: 60_000 }, async (t) => {
  const dir = tempDir('ddo');
  const data = join(dir.path, 'data');
  mkdirSync(data, { mode: 0o700 });
  const view = readOnlyView(data, join(dir.path, 'ro'));
  // One hook, in this order: removing the folder while the view is mounted would fail on it.
  t.after(() => {
    if (typeof view !== 'string') view.unmount();
    dir.remove();
  });
  if (typeof view === 'string') {
    console.log(`skipped: ${view}`);
    t.skip(view);
    return;
  }
  const ro = join(dir.path, 'ro');
  const readOnly = /^Cannot write to the data directory .*\/ro \(read-only file system\): EROFS/;
  assert.throws(() => acquireLock(ro), (err: unknown) => err instanceof UserError && readOnly.test(err.message));

  // With a dead engine's lock in it (the folder was writable once), which used to read as a race.
  writeFileSync(join(data, 'engine.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, start: '1' }));
  assert.throws(() => acquireLock(ro), (err: unknown) => err instanceof UserError && readOnly.test(err.message));
  assert.deepEqual(readdirSync(data), ['engine.lock'], 'nothing was changed');

  // And as a user sees it.
  const serve = await cli(ro, ['serve', '--router-port', '0', '--no-dashboard']);
  assert.equal(serve.code, 1);
  assert.match(serve.stderr, /Cannot write to the data directory .*\/ro \(read-only file system\)/);
  assert.doesNotMatch(serve.stderr, /another engine/);
});
