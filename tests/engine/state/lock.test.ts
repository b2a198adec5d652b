import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { acquireLock } from '../../../electron/engine/state/lock.js';
import { UserError } from '../../../electron/engine/errors.js';
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
