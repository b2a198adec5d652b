import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { isWithin, resolveCallerPath } from '../../../electron/host/cli/caller-path.js';
import { tempDir } from '../../helpers/tmp.js';

test('CLI paths resolve against the caller\'s folder and home, never the process\'s own guess', { skip: process.platform === 'win32' }, () => {
  const cwd = '/home/ana/work';
  const home = '/home/ana';
  assert.equal(resolveCallerPath('.', cwd, home), '/home/ana/work');
  assert.equal(resolveCallerPath('./shop/', cwd, home), '/home/ana/work/shop');
  assert.equal(resolveCallerPath('../x', cwd, home), '/home/ana/x');
  assert.equal(resolveCallerPath('~', cwd, home), '/home/ana');
  assert.equal(resolveCallerPath('~/apps/shop', cwd, home), '/home/ana/apps/shop');
  assert.equal(resolveCallerPath('~bob/shop', cwd, home), '/home/ana/work/~bob/shop', '~user is a folder name, not expanded');
  assert.equal(resolveCallerPath('/srv/app/../shop', cwd, home), '/srv/shop');
});

test('inside an app\'s folder: the folder itself, below it, and through a symlink; not a sibling with a longer name', { skip: process.platform === 'win32' }, (t) => {
  const dir = tempDir('ddl');
  t.after(() => dir.remove());
  const app = join(dir.path, 'shop');
  mkdirSync(join(app, 'src'), { recursive: true });
  mkdirSync(join(dir.path, 'shop-two'));
  symlinkSync(app, join(dir.path, 'link'));
  assert.equal(isWithin(app, app), true);
  assert.equal(isWithin(join(app, 'src'), app), true);
  assert.equal(isWithin(join(dir.path, 'shop-two'), app), false);
  assert.equal(isWithin(join(app, 'src'), join(dir.path, 'link')), true, 'the app was deployed by its symlinked path');
  assert.equal(isWithin('/', app), false);
});
