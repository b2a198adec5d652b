// Snapshots: what a deploy copies out of a folder (and what it leaves out), links, a folder that
// vanishes mid-copy, and that the source is never written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { snapshotFolder } from '../../../electron/engine/slugs/snapshot.js';
import { parseSlugignore } from '../../../electron/engine/slugs/slugignore.js';
import { tempDir } from '../../helpers/tmp.js';
import { hashTree } from '../apps/helpers/tree-hash.js';

function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
}

const APP = {
  'Procfile': 'web: node server.js\n',
  'server.js': 'console.log(1)\n',
  'lib/a.js': 'a\n',
  'docs/big.md': 'docs\n',
  'tmp/cache.bin': 'x\n',
  'node_modules/dep/index.js': 'dep\n',
  'lib/node_modules/nested/index.js': 'nested\n',
  '.venv/pyvenv.cfg': 'home = /usr/bin\n',
  '.venv/lib/site.py': 'x\n',
  'env2/pyvenv.cfg': 'home = /usr/bin\n',
  'secret.log': 'ignored by .gitignore\n',
  '.gitignore': '*.log\n',
  '.slugignore': '# comments are fine\ndocs/\n/tmp\n*.bin\n',
};

for (const mode of ['walk', 'git'] as const) {
  test(`${mode}: copies the app, leaves out ignored paths, dependencies, virtualenvs and .git; links stay inside`, async (t) => {
    const dir = tempDir('snap');
    t.after(() => dir.remove());
    const src = join(dir.path, 'app');
    write(src, APP);
    if (mode === 'git') {
      execFileSync('git', ['init', '-q'], { cwd: src });
      execFileSync('git', ['add', 'Procfile', 'server.js'], { cwd: src });
    }
    symlinkSync('lib/a.js', join(src, 'inside'));
    symlinkSync(join(src, 'server.js'), join(src, 'absolute-inside'));
    symlinkSync('../outside.txt', join(src, 'outside'));
    writeFileSync(join(dir.path, 'outside.txt'), 'not the app\n');
    const before = hashTree(src);
    const lines: string[] = [];
    const dest = join(dir.path, 'slug');
    const result = await snapshotFolder(src, dest, { onLine: (l) => lines.push(l) });
    assert.equal(result.listedBy, mode);
    assert.deepEqual(hashTree(src), before, 'the source folder is unchanged');
    for (const kept of ['Procfile', 'server.js', 'lib/a.js', '.gitignore', '.slugignore']) assert.ok(existsSync(join(dest, kept)), `${kept} copied`);
    for (const gone of ['docs', 'tmp', 'node_modules', 'lib/node_modules', '.venv', 'env2', '.git']) assert.ok(!existsSync(join(dest, gone)), `${gone} left out`);
    // Ignored by .gitignore only where git lists the files.
    assert.equal(existsSync(join(dest, 'secret.log')), mode === 'walk');
    assert.equal(readlinkSync(join(dest, 'inside')), 'lib/a.js', 'a link is copied as a link');
    assert.ok(lstatSync(join(dest, 'absolute-inside')).isSymbolicLink());
    assert.equal(readlinkSync(join(dest, 'absolute-inside')), 'server.js', 'an absolute link into the folder is made relative');
    assert.ok(!existsSync(join(dest, 'outside')) && !lstatSync(join(dest, 'outside'), { throwIfNoEntry: false }), 'a link out of the folder is dropped');
    assert.ok(lines.some((l) => /Skipping the link outside -> \.\.\/outside\.txt: it leads outside/.test(l)), lines.join('\n'));
    assert.equal(readFileSync(join(dest, 'server.js'), 'utf8'), APP['server.js']);
  });
}

test('a folder that disappears mid-snapshot fails the snapshot with a clear message', async (t) => {
  const dir = tempDir('snap');
  t.after(() => dir.remove());
  const src = join(dir.path, 'app');
  write(src, { 'Procfile': 'web: x\n', 'a/b.txt': 'b\n' });
  await assert.rejects(
    snapshotFolder(src, join(dir.path, 'slug'), { onLine: () => undefined, afterListing: () => rmSync(src, { recursive: true, force: true }) }),
    /The folder .*app disappeared while it was being copied; nothing was deployed/,
  );
  await assert.rejects(snapshotFolder(src, join(dir.path, 'slug2'), { onLine: () => undefined }), /The folder .*app does not exist/);
});

test('a large file is copied whole and mode kept, on the thread pool: the event loop runs while it is copied', async (t) => {
  const dir = tempDir('snap');
  t.after(() => dir.remove());
  const src = join(dir.path, 'app');
  const copy = join(dir.path, 'slug', 'data.bin');
  write(src, { 'Procfile': 'web: ./data.bin\n' });
  const big = Buffer.alloc(128 * 1024 * 1024);
  for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE(i, i);
  writeFileSync(join(src, 'data.bin'), big, { mode: 0o750 });
  // A synchronous copy writes the whole file between two turns of the loop: no timer could see it half written.
  const seen = new Set<number>();
  const tick = setInterval(() => { const size = lstatSync(copy, { throwIfNoEntry: false })?.size; if (size !== undefined) seen.add(size); }, 2);
  try {
    await snapshotFolder(src, join(dir.path, 'slug'), { onLine: () => undefined });
  } finally {
    clearInterval(tick);
  }
  assert.ok(readFileSync(copy).equals(big), 'the copy is byte for byte the file');
  assert.equal(lstatSync(copy).mode & 0o777, lstatSync(join(src, 'data.bin')).mode & 0o777);
  assert.ok([...seen].some((size) => size < big.length), `timers ran while the file was copied (sizes seen: ${[...seen].join(', ')})`);
});

test('.slugignore patterns: anchored, folder-only, globs', () => {
  const ignored = parseSlugignore('/build\nlogs/\n*.psd\nassets/**/*.raw\n# nothing\n\n');
  assert.equal(ignored('build', true), true);
  assert.equal(ignored('build/x.js', false), true);
  assert.equal(ignored('src/build', true), false, 'a leading / anchors to the top');
  assert.equal(ignored('src/logs/a.txt', false), true, 'a folder pattern matches below it');
  assert.equal(ignored('logs', false), false, 'a folder pattern does not match a file');
  assert.equal(ignored('img/a.psd', false), true);
  assert.equal(ignored('assets/x/y/z.raw', false), true);
  assert.equal(ignored('assets/z.raw', false), true);
  assert.equal(ignored('server.js', false), false);
});
