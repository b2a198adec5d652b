// bin/dynodesk.mjs in a checkout: it runs the prebuilt bundle (dist-cli/), builds it when missing,
// rebuilds it when a source is newer (under a lock, when several commands start together), and runs the
// TypeScript sources through tsx, saying so, only where the bundle cannot be written. Each test
// works on a copy of the checkout, so the working tree's dist-cli/ and sources are left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/tmp.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

interface Run { code: number; stdout: string; stderr: string }

function dynodesk(checkout: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(checkout, 'bin', 'dynodesk.mjs'), ...args], { timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** What the bin and the bundle need of a checkout: the CLI's sources, the scripts, node_modules (linked). */
function copyCheckout(dir: string): string {
  const root = join(dir, 'checkout');
  for (const p of ['bin', 'scripts', 'shared', 'electron/engine', 'electron/host', 'package.json', 'tsconfig.base.json', 'tsconfig.node.json']) {
    cpSync(join(repo, p), join(root, p), { recursive: true });
  }
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
  return root;
}

const builtAt = (root: string): number => (JSON.parse(readFileSync(join(root, 'dist-cli', 'inputs.json'), 'utf8')) as { builtAt: number }).builtAt;

test('a missing bundle is built, a fresh one is run as it is, a stale one is rebuilt before any command runs it', async (t) => {
  const dir = tempDir('ddb');
  t.after(() => dir.remove());
  const root = copyCheckout(dir.path);

  const first = await dynodesk(root, ['--help']);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /^Usage: dynodesk COMMAND/);
  assert.equal(first.stderr, '', 'built quietly, not through tsx');
  assert.ok(existsSync(join(root, 'dist-cli', 'dynodesk.mjs')));
  assert.ok(existsSync(join(root, 'dist-cli', 'router-worker.mjs')));
  const firstBuild = builtAt(root);

  const again = await dynodesk(root, ['--help']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(builtAt(root), firstBuild, 'a fresh bundle is not rebuilt');

  // An edit to a source the CLI uses: every command started after it runs the edited code.
  appendFileSync(join(root, 'electron', 'host', 'cli', 'main.ts'), "\nprocess.stderr.write('edited source\\n');\n");
  const runs = await Promise.all([1, 2, 3].map(() => dynodesk(root, ['--help'])));
  for (const r of runs) {
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'edited source\n');
  }
  assert.ok(builtAt(root) > firstBuild);
  assert.equal(existsSync(join(root, 'dist-cli', '.build.lock')), false, 'the build lock is released');
});

test('where the bundle cannot be written, the sources run through tsx with a one-line note', async (t) => {
  const dir = tempDir('ddb');
  t.after(() => dir.remove());
  const root = copyCheckout(dir.path);
  rmSync(join(root, 'dist-cli'), { recursive: true, force: true });
  writeFileSync(join(root, 'dist-cli'), 'not a folder');

  const r = await dynodesk(root, ['--help']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Usage: dynodesk COMMAND/);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0] ?? '', /^dynodesk: could not build the CLI bundle in .*dist-cli \(.*\); running the TypeScript sources through tsx instead/);
});
