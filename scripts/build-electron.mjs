// Bundles the Electron side with esbuild (`npm run build:electron`):
//   electron/main/index.ts      → dist-electron/main.cjs        (CommonJS, package.json "main")
//   electron/preload/index.ts   → dist-electron/preload.cjs     (CommonJS: sandboxed preloads cannot load ESM or local files)
//   the router worker           → dist-electron/router-worker.js (ESM; a worker thread of the engine)
// plus dist-electron/package.json ("type": "module" for the worker), and the `dynodesk` CLI into
// dist-cli/ beside it (build-cli.mjs: the same bundle a checkout runs; the app ships it and
// "Install Command Line Tool" copies it).
//
// Engine code finds files next to its sources with `new URL('./x', import.meta.url)`; the bundles
// rewrite it (meta-url-plugin.mjs) so that package.json, electron/engine/build/static-server.mjs,
// etc. resolve inside the app root exactly as they do from source (electron-builder ships those
// files at the same paths).
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from './build-cli.mjs';
import { cjsBanner, esmBanner, metaUrlPlugin } from './meta-url-plugin.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// --outdir=<dir> builds elsewhere (tests build into a temp folder instead of the working tree).
const outArg = process.argv.find((a) => a.startsWith('--outdir='));
const out = outArg ? resolve(outArg.slice('--outdir='.length)) : join(root, 'dist-electron');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const watch = process.argv.includes('--watch');
const quiet = process.argv.includes('--quiet');

// Native or optional modules that must be loaded from node_modules at run time.
const EXTERNAL = ['electron', 'node-pty', 'bufferutil', 'utf-8-validate'];

function findRouterWorker() {
  const candidates = [
    'electron/engine/router/worker.ts',
    'electron/engine/router/router-worker.ts',
    'electron/engine/router/worker-main.ts',
    'electron/engine/router/worker/index.ts',
  ];
  return candidates.map((c) => join(root, c)).find((p) => existsSync(p)) ?? null;
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: quiet ? 'warning' : 'info',
  absWorkingDir: root,
  outdir: out,
  define: { 'process.env.DYNODESK_BUNDLED': '"1"' },
};

const targets = [
  {
    ...common,
    entryPoints: { main: 'electron/main/index.ts' },
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    external: EXTERNAL,
    banner: { js: cjsBanner },
    plugins: [metaUrlPlugin(root)],
  },
  {
    ...common,
    entryPoints: { preload: 'electron/preload/index.ts' },
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    // Sandboxed preloads get a small `require` that knows only electron and a few built-ins.
    external: ['electron'],
    sourcemap: false,
  },
];

const worker = findRouterWorker();
if (worker) {
  targets.push({
    ...common,
    entryPoints: { 'router-worker': relative(root, worker) },
    format: 'esm',
    external: EXTERNAL,
    banner: { js: esmBanner(2) },
    plugins: [metaUrlPlugin(root)],
  });
} else {
  console.warn('build-electron: no router worker entry found under electron/engine/router/; skipping router-worker.js');
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'package.json'), JSON.stringify({ name: `${pkg.name}-bundle`, version: pkg.version, private: true, type: 'module' }, null, 2) + '\n');

if (watch) {
  const { context } = await import('esbuild');
  for (const t of targets) await (await context(t)).watch();
  console.log('build-electron: watching for changes');
} else {
  // The CLI goes beside dist-electron/ (a test's --outdir=<tmp>/dist-electron leaves the tree alone).
  const cliOut = join(dirname(out), 'dist-cli');
  const results = await Promise.allSettled([...targets.map((t) => build(t)), buildCli({ outdir: cliOut })]);
  // esbuild has already printed each error with its location.
  if (results.some((r) => r.status === 'rejected')) {
    console.error('build-electron: failed');
    process.exit(1);
  }
  if (!quiet) console.log(`build-electron: wrote ${out}/ (main.cjs, preload.cjs${worker ? ', router-worker.js' : ''}) and ${cliOut}/`);
}
