// The folder watcher behind autodeploy, on a real folder: what it reports, what it leaves out (and
// leaves unwatched), folders that come and go, and that close() lets go of every watch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceIgnore } from '../../../electron/engine/apps/source-ignore.js';
import { SourceWatcher } from '../../../electron/engine/apps/source-watcher.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

/** inotify watches this process holds (Linux): what a watcher that forgot to close would leave. */
function inotifyWatches(): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fdinfo')) {
    try { n += (readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').match(/^inotify wd:/gm) ?? []).length; } catch { /* closed meanwhile */ }
  }
  return n;
}

function write(root: string, rel: string, text = 'x'): void {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), text);
}

function gitAvailable(): boolean {
  try { execFileSync('git', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
}

async function startWatching(root: string): Promise<{ watcher: SourceWatcher; seen: string[]; abort: AbortController }> {
  const abort = new AbortController();
  const ignore = await SourceIgnore.load(root, abort.signal);
  const seen: string[] = [];
  const watcher = await SourceWatcher.start({
    root, ignore, perFolder: true,
    onChange: (paths) => seen.push(...paths),
    onProblem: (message) => assert.fail(message),
  });
  return { watcher, seen, abort };
}

/** Write `fence`, wait until it is reported, then a little longer: anything else due has arrived by then. */
async function fence(root: string, seen: string[], rel: string): Promise<void> {
  write(root, rel, String(Date.now()));
  await waitFor(`${rel} reported`, () => seen.includes(rel), 5000);
  await new Promise((r) => setTimeout(r, 150));
}

test('source edits are reported; dependencies, VCS data, virtualenvs, .slugignore and editor files are not, nor watched', async (t) => {
  const dir = tempDir('ddw');
  const root = dir.path;
  write(root, 'server.js');
  write(root, 'src/lib/util.js');
  write(root, 'node_modules/dep/index.js');
  write(root, 'node_modules/dep/lib/deep.js');
  write(root, '.git/HEAD');
  write(root, 'env/pyvenv.cfg');
  write(root, 'env/lib/site.py');
  write(root, 'assets/big/file.bin');
  write(root, '.slugignore', '/assets\n*.psd\n');
  const before = process.platform === 'linux' ? inotifyWatches() : 0;
  const { watcher, seen, abort } = await startWatching(root);
  t.after(() => { watcher.close(); abort.abort(); dir.remove(); });
  // Root, src, src/lib: nothing below node_modules, .git, the virtualenv or a .slugignore'd folder.
  assert.equal(watcher.folderCount, 3);
  if (process.platform === 'linux') assert.equal(inotifyWatches() - before, 3);

  write(root, 'src/lib/util.js', 'edited');
  await waitFor('the edit', () => seen.includes('src/lib/util.js'), 5000);

  write(root, 'node_modules/dep/new.js');
  write(root, 'env/lib/other.py');
  write(root, 'design.psd');
  write(root, 'assets/big/more.bin');
  write(root, '.server.js.swp');
  write(root, 'server.js~');
  write(root, '4913');
  write(root, '__pycache__/m.pyc');
  await fence(root, seen, 'server.js');
  assert.deepEqual([...new Set(seen)].sort(), ['server.js', 'src/lib/util.js']);
});

test('new folders are watched from their first file on; removed and renamed ones are let go', async (t) => {
  const dir = tempDir('ddw');
  const root = dir.path;
  write(root, 'index.js');
  const { watcher, seen, abort } = await startWatching(root);
  t.after(() => { watcher.close(); abort.abort(); dir.remove(); });
  mkdirSync(join(root, 'lib'));
  await waitFor('lib watched', () => watcher.folderCount === 2, 5000);
  write(root, 'lib/a.js');
  await waitFor('a file in the new folder', () => seen.includes('lib/a.js'), 5000);

  renameSync(join(root, 'lib'), join(root, 'lib2'));
  await waitFor('the renamed folder watched under its new name', () => seen.includes('lib2') && watcher.folderCount === 2, 5000);
  write(root, 'lib2/b.js');
  await waitFor('a file in it', () => seen.includes('lib2/b.js'), 5000);
  rmSync(join(root, 'lib2'), { recursive: true });
  await waitFor('the removed folder let go', () => watcher.folderCount === 1, 5000);

  // A virtualenv made after the start: its folder is dropped once pyvenv.cfg appears.
  mkdirSync(join(root, 'pyenv'));
  await waitFor('pyenv watched', () => watcher.folderCount === 2, 5000);
  write(root, 'pyenv/pyvenv.cfg');
  await waitFor('the new virtualenv let go', () => watcher.folderCount === 1, 5000);
});

test('in a git work tree, git-ignored folders are not watched and git answers for files', { skip: gitAvailable() ? false : 'git is not installed' }, async (t) => {
  const dir = tempDir('ddw');
  const root = dir.path;
  execFileSync('git', ['init', '-q'], { cwd: root });
  write(root, '.gitignore', 'dist/\n*.log\n');
  write(root, 'sub/.gitignore', 'local.txt\n');
  write(root, 'dist/bundle.js');
  write(root, 'src/app.js');
  const { watcher, seen, abort } = await startWatching(root);
  t.after(() => { watcher.close(); abort.abort(); dir.remove(); });
  assert.equal(watcher.folderCount, 3, 'root, sub and src; not dist');
  const ignore = await SourceIgnore.load(root, abort.signal);
  // Nested .gitignore files count too: git itself answers.
  assert.deepEqual([...await ignore.gitIgnored(['debug.log', 'src/app.js', 'sub/local.txt', 'sub/kept.txt', 'dist'])].sort(), ['debug.log', 'dist', 'sub/local.txt']);
  write(root, 'dist/bundle.js', 'rebuilt');
  await fence(root, seen, 'src/app.js');
  assert.deepEqual(seen.filter((p) => p.startsWith('dist')), [], 'nothing under dist');
});

test('close() lets go of every watch and reports nothing more', async (t) => {
  const dir = tempDir('ddw');
  const root = dir.path;
  for (const d of ['a', 'b', 'c/d']) write(root, `${d}/f.js`);
  const before = process.platform === 'linux' ? inotifyWatches() : 0;
  const { watcher, seen, abort } = await startWatching(root);
  t.after(() => { abort.abort(); dir.remove(); });
  assert.equal(watcher.folderCount, 5);
  watcher.close();
  assert.equal(watcher.folderCount, 0);
  write(root, 'a/f.js', 'after close');
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(seen, []);
  if (process.platform === 'linux') await waitFor('inotify watches released', () => inotifyWatches() === before, 2000);
});
