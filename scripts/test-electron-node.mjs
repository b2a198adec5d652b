// `npm run test:electron-node`: runs the engine and host tests (engine, router, dynos, CLI, control
// socket, dashboard) under the Node.js that the shipped Electron embeds, because that is the Node the
// product runs on; `npm test` runs them on whatever node you have (Node 20 on these machines).
//
// Which Node: the version the installed Electron binary reports, when there is one; otherwise the pin
// below for the Electron major in package.json. That Node is installed from the npm registry's
// per-platform `node-<os>-<arch>` package into a cache outside the project (never a dependency), once.
//
// Usage: npm run test:electron-node [-- <path filter>...]   (default filters: tests/engine tests/host)
// Environment: DYNODESK_ELECTRON_NODE=/path/to/node uses that binary (it must be the pinned version);
//              DYNODESK_NODE_CACHE=<dir> moves the cache (default ~/.cache/dynodesk/node).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The Node.js inside each Electron major we ship (electron/electron DEPS, `node_version`). Electron 40
 * moved from Node 22 to Node 24 (Electron 44 ships 24.18.1); Electron 45 stays on the Node 24 line,
 * as its package's own @types/node ^24 says. The patch is the pin: when the Electron binary is
 * installed, the version it reports wins (see electronReportedNode) and is what CI checks.
 */
const ELECTRON_NODE = { 45: '24.22.1' };

const electronPkg = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'));
const electronMajor = Number(String(electronPkg.version).split('.')[0]);

function fail(message) {
  console.error(`test:electron-node: ${message}`);
  process.exit(1);
}

/** What the installed Electron binary says its Node is, or null when the binary is not installed. */
function electronReportedNode() {
  const names = { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' };
  const bin = join(root, 'node_modules', 'electron', 'dist', names[process.platform] ?? 'electron');
  if (!existsSync(bin)) return null;
  const r = spawnSync(bin, ['-p', 'process.versions.node'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8', timeout: 60_000,
  });
  const v = r.status === 0 ? r.stdout.trim() : '';
  return /^\d+\.\d+\.\d+$/.test(v) ? v : null;
}

/** The registry package that carries a plain Node binary for this machine. */
function nodePackage() {
  const os = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform];
  // The darwin-arm64 package stopped at Node 18; elsewhere the packages follow Node's releases.
  if (!os || (process.platform === 'darwin' && process.arch === 'arm64')) return null;
  return { name: `node-${os}-${process.arch}`, bin: process.platform === 'win32' ? 'bin/node.exe' : 'bin/node' };
}

function versionOf(bin) {
  const r = spawnSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Install node-<os>-<arch>@version into the cache (into a temp folder first, so a cut install never counts). */
function installNode(version) {
  const pkg = nodePackage();
  if (!pkg) fail(`no npm package carries Node ${version} for ${process.platform}-${process.arch}; set DYNODESK_ELECTRON_NODE to a Node ${version} binary`);
  const cache = process.env.DYNODESK_NODE_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'dynodesk', 'node');
  const dir = join(cache, `${pkg.name}-${version}`);
  const bin = join(dir, 'node_modules', pkg.name, pkg.bin);
  if (existsSync(bin) && versionOf(bin) === version) return bin;
  const tmp = `${dir}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  console.log(`test:electron-node: installing ${pkg.name}@${version} into ${dir}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--prefix', tmp, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', `${pkg.name}@${version}`], {
    stdio: 'inherit', shell: process.platform === 'win32',
  });
  if (r.status !== 0) { rmSync(tmp, { recursive: true, force: true }); fail(`npm install ${pkg.name}@${version} failed`); }
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  if (versionOf(bin) !== version) fail(`${bin} does not report Node ${version}`);
  return bin;
}

const pinned = ELECTRON_NODE[electronMajor];
const reported = electronReportedNode();
if (!pinned && !reported) fail(`no Node version pinned for Electron ${electronMajor}: add it to ELECTRON_NODE in scripts/test-electron-node.mjs`);
if (reported && pinned && reported !== pinned) {
  const note = `Electron ${electronPkg.version} reports Node ${reported}, the pin says ${pinned}: update ELECTRON_NODE in scripts/test-electron-node.mjs`;
  console.log(process.env.GITHUB_ACTIONS ? `::warning::${note}` : `test:electron-node: ${note}`);
}
const version = reported ?? pinned;

let node;
if (process.env.DYNODESK_ELECTRON_NODE) {
  node = process.env.DYNODESK_ELECTRON_NODE;
  const v = versionOf(node);
  if (v !== version) fail(`DYNODESK_ELECTRON_NODE=${node} is Node ${v ?? '(does not run)'}, not ${version}`);
} else {
  node = installNode(version);
}

const filters = process.argv.slice(2);
const args = [join(root, 'scripts', 'test.mjs'), ...(filters.length > 0 ? filters : ['tests/engine', 'tests/host'])];
console.log(`test:electron-node: Node ${version} (Electron ${electronPkg.version}${reported ? ', as its binary reports' : ', pinned'}): ${node} ${args.slice(1).join(' ')}`);
const started = Date.now();
// scripts/test.mjs starts the test runner with process.execPath, so every test process is this Node.
const child = spawn(node, args, { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  console.log(`test:electron-node: finished in ${Math.round((Date.now() - started) / 1000)} s under Node ${version}`);
  process.exit(code ?? (signal ? 1 : 0));
});
