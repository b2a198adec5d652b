// `npm start`: build what is stale, then launch the Electron app. Where the Electron binary is
// missing (offline install, blocked download, CI) or there is no display, say so once and run
// the same UI as the browser dashboard of a headless engine instead.
// Never require('electron') here: from plain Node that tries to download the binary.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(path) {
  let st;
  try { st = statSync(path); } catch { return 0; }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

function run(label, args) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`npm start: ${label} failed`);
    process.exit(r.status ?? 1);
  }
}

function buildRendererIfStale() {
  const built = join(root, 'dist', 'renderer', 'index.html');
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  const sourcesAt = Math.max(...['renderer', 'shared', 'vite.config.ts'].map((p) => newestMtime(join(root, p))));
  if (builtAt > sourcesAt) return;
  console.log('npm start: building the renderer (vite build)…');
  run('vite build', [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']);
}

/** The Electron executable, or null. ELECTRON_OVERRIDE_DIST_PATH names a folder holding it, as electron's own launcher honours. */
function electronBinary() {
  const names = { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' };
  const name = names[process.platform] ?? 'electron';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return existsSync(join(override, name)) ? join(override, name) : null;
  const dist = join(root, 'node_modules', 'electron', 'dist');
  let rel = name;
  try { rel = readFileSync(join(root, 'node_modules', 'electron', 'path.txt'), 'utf8').trim() || name; } catch { /* not installed */ }
  const bin = join(dist, rel);
  return existsSync(bin) ? bin : null;
}

function hasDisplay() {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/**
 * Forward Ctrl-C / termination to the child and exit with its code once it has stopped cleanly.
 * The child runs in its own process group (POSIX), so it hears only what we forward: a terminal
 * and npm both deliver Ctrl-C, and a doubled SIGINT would cut the graceful stop short.
 */
function supervise(child) {
  let lastForward = 0;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      const now = Date.now();
      if (now - lastForward < 2000) return; // the same keypress, delivered twice
      lastForward = now;
      try { child.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal); } catch { /* already gone */ }
    });
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function openBrowser(url) {
  if (process.env.CI || process.env.DYNODESK_NO_BROWSER) return;
  const opener = process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]]
      : ['xdg-open', [url]];
  try {
    const child = spawn(opener[0], opener[1], { stdio: 'ignore', detached: true });
    child.on('error', () => { /* no opener on this machine: the URL is printed above */ });
    child.unref();
  } catch { /* same */ }
}

function serveDashboard(reason) {
  console.log([
    '',
    `Dynodesk: ${reason} The same UI is being served as a browser dashboard instead, backed by the same engine:`,
    'open the Dashboard URL printed below (it carries a one-time access token). To get the desktop window, install the',
    'Electron binary with network access (`node node_modules/electron/install.js`) or point ELECTRON_OVERRIDE_DIST_PATH',
    'at a folder that holds it, then run `npm start` again.',
    '',
  ].join('\n'));
  const child = spawn(process.execPath, [join(root, 'bin', 'dynodesk.mjs'), 'serve', ...process.argv.slice(2)], {
    cwd: root, stdio: ['ignore', 'pipe', 'inherit'], detached: process.platform !== 'win32',
  });
  let pending = '';
  let opened = false;
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (opened) return;
    pending += chunk.toString('utf8');
    const m = /Dashboard: (https?:\/\/\S+)/.exec(pending);
    if (m) { opened = true; openBrowser(m[1]); }
    if (pending.length > 65536) pending = pending.slice(-4096);
  });
  supervise(child);
}

// DYNODESK_START_NO_BUILD=1 skips both builds (tests, or when you just built).
if (!process.env.DYNODESK_START_NO_BUILD) {
  buildRendererIfStale();
  run('build:electron', [join(root, 'scripts', 'build-electron.mjs'), '--quiet']);
}

const bin = electronBinary();
if (!bin) {
  serveDashboard('the Electron binary is not installed (an offline install, or its download was blocked).');
} else if (!hasDisplay()) {
  serveDashboard('there is no graphical display here (neither DISPLAY nor WAYLAND_DISPLAY is set), so the desktop window cannot open.');
} else {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  supervise(spawn(bin, ['.', ...process.argv.slice(2)], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env, detached: process.platform !== 'win32' }));
}
