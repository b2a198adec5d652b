import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { installCli } from '../../electron/main/cli-installer.js';
import { shQuote } from '../../electron/engine/build/shell.js';
import { isDirOnPath, posixLauncher, SHIM_MARKER, shimTargets, windowsCmdShim } from '../../electron/main/cli-shim.js';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'dynodesk-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A stand-in CLI bundle that reports what the launcher gave it. */
function writeFakeCli(dir: string): string {
  const file = join(dir, 'cli.mjs');
  writeFileSync(file, 'console.log(JSON.stringify({ home: process.env.DYNODESK_HOME, args: process.argv.slice(2) }));\n');
  return file;
}

test('shQuote survives quotes, spaces and shell syntax', async () => {
  const nasty = `it's "a" $HOME \`x\` ; rm -rf /`;
  const r = await run('/bin/sh', ['-c', `printf '%s' ${shQuote(nasty)}`], process.env);
  assert.equal(r.stdout, nasty);
});

test('the POSIX launcher runs the CLI with node, the data dir and every argument', { skip: process.platform === 'win32' }, async (t) => {
  const dir = tempDir(t);
  const dataDir = join(dir, "data dir with 'quotes' and $signs");
  const cli = writeFakeCli(dir);
  const launcher = join(dir, 'dynodesk');
  writeFileSync(launcher, posixLauncher(cli, dataDir), { mode: 0o755 });
  const env = { PATH: `${dirname(process.execPath)}:/usr/bin:/bin` };
  const r = await run(launcher, ['ps', '--app', 'my app', '$HOME'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { home: dataDir, args: ['ps', '--app', 'my app', '$HOME'] });
  // An explicit DYNODESK_HOME wins, as for the CLI run from source.
  const r2 = await run(launcher, [], { ...env, DYNODESK_HOME: '/elsewhere' });
  assert.equal(JSON.parse(r2.stdout).home, '/elsewhere');
});

test('without node on the PATH the launcher says what to install', { skip: process.platform === 'win32' }, async (t) => {
  const dir = tempDir(t);
  const launcher = join(dir, 'dynodesk');
  writeFileSync(launcher, posixLauncher(join(dir, 'cli.mjs'), dir), { mode: 0o755 });
  const empty = join(dir, 'empty-bin');
  mkdirSync(empty);
  const r = await run('/bin/sh', [launcher], { PATH: empty });
  assert.equal(r.code, 127);
  assert.match(r.stderr, /Node\.js 20 or later must be on your PATH/);
});

test('the Windows shim quotes the paths, passes %*, and refuses quotes in paths', () => {
  const shim = windowsCmdShim('C:\\Users\\A B\\AppData\\Roaming\\Dynodesk\\cli\\dynodesk.mjs', 'C:\\Users\\A B\\100%\\Dynodesk');
  assert.match(shim, /^@echo off\r\n/);
  assert.ok(shim.includes(SHIM_MARKER));
  assert.ok(shim.includes('node "C:\\Users\\A B\\AppData\\Roaming\\Dynodesk\\cli\\dynodesk.mjs" %*'));
  assert.ok(shim.includes('set "DYNODESK_HOME=C:\\Users\\A B\\100%%\\Dynodesk"'));
  assert.throws(() => windowsCmdShim('C:\\a"b.mjs', 'C:\\d'), /quotes/);
});

test('targets: /usr/local/bin first then ~/.local/bin; a per-user folder on Windows', () => {
  assert.deepEqual(shimTargets('linux', '/home/u', {}).map((t) => t.file), ['/usr/local/bin/dynodesk', '/home/u/.local/bin/dynodesk']);
  assert.deepEqual(shimTargets('darwin', '/Users/u', {}).map((t) => t.system), [true, false]);
  const win = shimTargets('win32', 'C:\\Users\\u', { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' });
  assert.equal(win.length, 1);
  assert.match(win[0]?.file ?? '', /Dynodesk.bin.dynodesk\.cmd$/);
});

test('isDirOnPath compares folders, not substrings', () => {
  assert.equal(isDirOnPath('/home/u/.local/bin', '/usr/bin:/home/u/.local/bin/', 'linux'), true);
  assert.equal(isDirOnPath('/home/u/.local/bin', '/usr/bin:/home/u/.local/bin2', 'linux'), false);
  assert.equal(isDirOnPath('C:\\X\\Bin', 'c:\\x\\bin;C:\\Windows', 'win32'), true);
  assert.equal(isDirOnPath('/a', undefined, 'linux'), false);
});

test('installCli copies the bundle into the data dir and writes a working launcher', { skip: process.platform === 'win32' }, async (t) => {
  const dir = tempDir(t);
  const dataDir = join(dir, 'data');
  const bundle = writeFakeCli(dir);
  writeFileSync(join(dir, 'package.json'), '{"version":"9.9.9"}');
  const sys = join(dir, 'sys-bin');
  mkdirSync(sys);
  chmodSync(sys, 0o555); // not writable, like /usr/local/bin for a normal user
  const user = join(dir, 'home', '.local', 'bin');
  const elevated: string[] = [];
  const result = await installCli({
    platform: 'linux', home: join(dir, 'home'), env: { PATH: `/usr/bin:${user}` }, dataDir, cliBundle: bundle,
    targets: [{ dir: sys, file: join(sys, 'dynodesk'), system: true }, { dir: user, file: join(user, 'dynodesk'), system: false }],
    // Refusing the admin prompt must fall back to the user's folder. (As root, sys-bin is writable anyway.)
    elevate: async (_tmp, target) => {
      elevated.push(target);
      return false;
    },
  });
  const installedIn = process.getuid?.() === 0 ? sys : user;
  assert.equal(result.file, join(installedIn, 'dynodesk'));
  assert.equal(result.cliCopy, join(dataDir, 'cli', 'dynodesk.mjs'));
  assert.equal(readFileSync(result.cliCopy, 'utf8'), readFileSync(bundle, 'utf8'));
  assert.equal(readFileSync(join(dataDir, 'cli', 'package.json'), 'utf8'), '{"version":"9.9.9"}');
  assert.ok((statSync(result.file).mode & 0o111) !== 0, 'executable');
  if (installedIn === user) {
    assert.deepEqual(elevated, [join(sys, 'dynodesk')]);
    assert.equal(result.onPath, true);
  }
  const r = await run(result.file, ['apps'], { PATH: `${dirname(process.execPath)}:/usr/bin:/bin` });
  assert.deepEqual(JSON.parse(r.stdout), { home: dataDir, args: ['apps'] });
});

test('installCli leaves a foreign `dynodesk` alone, overwrites its own, and says when the folder is not on PATH', { skip: process.platform === 'win32' }, async (t) => {
  const dir = tempDir(t);
  const bundle = writeFakeCli(dir);
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  mkdirSync(a);
  writeFileSync(join(a, 'dynodesk'), '#!/bin/sh\necho someone else\n');
  const targets = [{ dir: a, file: join(a, 'dynodesk'), system: false }, { dir: b, file: join(b, 'dynodesk'), system: false }];
  const opts = { platform: 'linux' as const, home: dir, env: { PATH: '/usr/bin' }, dataDir: join(dir, 'data'), cliBundle: bundle, targets };
  const first = await installCli(opts);
  assert.equal(first.file, join(b, 'dynodesk'));
  assert.deepEqual(first.skipped, [join(a, 'dynodesk')]);
  assert.equal(readFileSync(join(a, 'dynodesk'), 'utf8'), '#!/bin/sh\necho someone else\n');
  assert.equal(first.onPath, false);
  assert.match(first.hint ?? '', /Add .* to your PATH/);
  // Installing again replaces our own launcher in place.
  const second = await installCli(opts);
  assert.equal(second.file, first.file);
});

test('installCli without a CLI bundle fails with a clear message', async (t) => {
  const dir = tempDir(t);
  await assert.rejects(
    installCli({ platform: 'linux', home: dir, env: {}, dataDir: dir, cliBundle: join(dir, 'missing.mjs'), targets: [] }),
    /no command line tool bundle/,
  );
  assert.equal(existsSync(join(dir, 'cli')), false);
});
