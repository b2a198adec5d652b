import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { installCli } from '../../electron/main/cli-installer.js';
import { shQuote } from '../../electron/engine/platform-shell.js';
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

function put(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** The app's files as installCli reads them (the checkout, or app.asar.unpacked): a fake CLI and what serve needs. */
function writeFakeApp(dir: string, { full = true } = {}): string {
  const app = join(dir, 'app');
  put(join(app, 'dist-cli', 'dynodesk.mjs'), readFileSync(writeFakeCli(dir), 'utf8'));
  put(join(app, 'dist-cli', 'chunk-A.mjs'), 'export {};\n');
  put(join(app, 'dist-cli', 'dynodesk.mjs.map'), '{}');
  if (!full) return app;
  put(join(app, 'dist', 'renderer', 'index.html'), '<div id="root"></div>');
  put(join(app, 'dist', 'renderer', 'assets', 'index.js'), '');
  put(join(app, 'electron', 'engine', 'build', 'static-server.mjs'), '');
  put(join(app, 'native', 'bin', 'dyno-reaper'), '#!/bin/sh\n');
  chmodSync(join(app, 'native', 'bin', 'dyno-reaper'), 0o755);
  const pty = join(app, 'node_modules', 'node-pty');
  for (const f of ['package.json', 'lib/index.js', 'lib/shared/conout.js', 'lib/index.test.js', 'lib/index.js.map', 'build/Release/pty.node', 'build/Release/obj.target/pty.o', 'src/unix/pty.cc', 'prebuilds/linux-x64/pty.node', 'prebuilds/win32-x64/conpty.dll']) {
    put(join(pty, f), '');
  }
  return app;
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
  const app = writeFakeApp(dir);
  const sys = join(dir, 'sys-bin');
  mkdirSync(sys);
  chmodSync(sys, 0o555); // not writable, like /usr/local/bin for a normal user
  const user = join(dir, 'home', '.local', 'bin');
  const elevated: string[] = [];
  const result = await installCli({
    platform: 'linux', arch: 'x64', home: join(dir, 'home'), env: { PATH: `/usr/bin:${user}` }, dataDir, appFiles: app, version: '9.9.9',
    targets: [{ dir: sys, file: join(sys, 'dynodesk'), system: true }, { dir: user, file: join(user, 'dynodesk'), system: false }],
    // Refusing the admin prompt must fall back to the user's folder. (As root, sys-bin is writable anyway.)
    elevate: async (_tmp, target) => {
      elevated.push(target);
      return false;
    },
  });
  const installedIn = process.getuid?.() === 0 ? sys : user;
  assert.equal(result.file, join(installedIn, 'dynodesk'));
  const cliDir = join(dataDir, 'cli');
  assert.equal(result.cliCopy, join(cliDir, 'dist-cli', 'dynodesk.mjs'));
  assert.equal(readFileSync(result.cliCopy, 'utf8'), readFileSync(join(app, 'dist-cli', 'dynodesk.mjs'), 'utf8'));
  assert.deepEqual(result.missing, []);
  assert.deepEqual(JSON.parse(readFileSync(join(cliDir, 'package.json'), 'utf8')), { name: 'dynodesk-cli', version: '9.9.9', private: true, type: 'module' });
  // serve's pieces, laid out as in the repository; of node-pty only its code and this machine's binary.
  for (const f of ['dist-cli/chunk-A.mjs', 'dist/renderer/index.html', 'dist/renderer/assets/index.js', 'electron/engine/build/static-server.mjs',
    'node_modules/node-pty/package.json', 'node_modules/node-pty/lib/index.js', 'node_modules/node-pty/lib/shared/conout.js',
    'node_modules/node-pty/build/Release/pty.node', 'node_modules/node-pty/prebuilds/linux-x64/pty.node']) {
    assert.ok(existsSync(join(cliDir, f)), `${f} copied`);
  }
  for (const f of ['dist-cli/dynodesk.mjs.map', 'node_modules/node-pty/lib/index.test.js', 'node_modules/node-pty/lib/index.js.map',
    'node_modules/node-pty/build/Release/obj.target', 'node_modules/node-pty/src', 'node_modules/node-pty/prebuilds/win32-x64']) {
    assert.ok(!existsSync(join(cliDir, f)), `${f} left out`);
  }
  assert.ok((statSync(join(cliDir, 'native', 'bin', 'dyno-reaper')).mode & 0o111) !== 0, 'the reaper stays executable');
  assert.ok((statSync(result.file).mode & 0o111) !== 0, 'executable');
  if (installedIn === user) {
    assert.deepEqual(elevated, [join(sys, 'dynodesk')]);
    assert.equal(result.onPath, true);
  }
  const r = await run(result.file, ['apps'], { PATH: `${dirname(process.execPath)}:/usr/bin:/bin` });
  assert.deepEqual(JSON.parse(r.stdout), { home: dataDir, args: ['apps'] });
  assert.deepEqual(readdirSync(dataDir), ['cli'], 'no staging folder left behind');
});

test('installCli leaves a foreign `dynodesk` alone, overwrites its own, and says when the folder is not on PATH', { skip: process.platform === 'win32' }, async (t) => {
  const dir = tempDir(t);
  const app = writeFakeApp(dir, { full: false });
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  mkdirSync(a);
  writeFileSync(join(a, 'dynodesk'), '#!/bin/sh\necho someone else\n');
  const targets = [{ dir: a, file: join(a, 'dynodesk'), system: false }, { dir: b, file: join(b, 'dynodesk'), system: false }];
  const opts = { platform: 'linux' as const, home: dir, env: { PATH: '/usr/bin' }, dataDir: join(dir, 'data'), appFiles: app, version: '1.0.0', targets };
  const first = await installCli(opts);
  assert.equal(first.file, join(b, 'dynodesk'));
  assert.deepEqual(first.skipped, [join(a, 'dynodesk')]);
  assert.equal(readFileSync(join(a, 'dynodesk'), 'utf8'), '#!/bin/sh\necho someone else\n');
  assert.equal(first.onPath, false);
  assert.match(first.hint ?? '', /Add .* to your PATH/);
  // A build without serve's pieces still installs; the result says what it lacks.
  assert.deepEqual(first.missing, ['dist/renderer', 'electron/engine/build/static-server.mjs', 'native/bin/dyno-reaper', 'node_modules/node-pty']);
  // Installing again replaces our own launcher in place, and the copy as a whole.
  writeFileSync(join(dir, 'data', 'cli', 'dist-cli', 'left-over.mjs'), '');
  const second = await installCli(opts);
  assert.equal(second.file, first.file);
  assert.equal(existsSync(join(dir, 'data', 'cli', 'dist-cli', 'left-over.mjs')), false);
});

test('installCli without a CLI bundle fails with a clear message', async (t) => {
  const dir = tempDir(t);
  await assert.rejects(
    installCli({ platform: 'linux', home: dir, env: {}, dataDir: dir, appFiles: join(dir, 'no-app'), version: '1.0.0', targets: [] }),
    /no command line tool bundle/,
  );
  assert.equal(existsSync(join(dir, 'cli')), false);
});
