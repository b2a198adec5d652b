// Bundles the Electron side with esbuild (`npm run build:electron`):
//   electron/main/index.ts      → dist-electron/main.cjs        (CommonJS, package.json "main")
//   electron/preload/index.ts   → dist-electron/preload.cjs     (CommonJS: sandboxed preloads cannot load ESM or local files)
//   the router worker           → dist-electron/router-worker.js (ESM; a worker thread of the engine)
//   electron/host/cli/main.ts   → dist-electron/cli.mjs         (ESM; what the installed `dynodesk` command runs)
// plus dist-electron/package.json (version + "type": "module") which the CLI reads for --version.
//
// Engine code finds files next to its sources with `new URL('./x', import.meta.url)`. A bundle
// has one location, so each module's import.meta.url is rewritten to the URL its source file
// would have inside the app root: package.json, electron/engine/build/static-server.mjs, etc.
// resolve exactly as they do from source (electron-builder ships those files at the same paths).
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// --outdir=<dir> builds elsewhere (tests build into a temp folder instead of the working tree).
const outArg = process.argv.find((a) => a.startsWith('--outdir='));
const out = outArg ? resolve(outArg.slice('--outdir='.length)) : join(root, 'dist-electron');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const watch = process.argv.includes('--watch');
const quiet = process.argv.includes('--quiet');

// Native or optional modules that must be loaded from node_modules at run time.
const EXTERNAL = ['electron', 'node-pty', 'bufferutil', 'utf-8-validate'];

/**
 * Rewrites import.meta.url in our own sources to __dynodeskMetaUrl('<path relative to the repo>').
 * With `stubPty`, a run-time `require('node-pty')` (the engine loads it through createRequire)
 * becomes the stub below, for the CLI bundle.
 */
function metaUrlPlugin({ stubPty = false } = {}) {
  return {
    name: 'dynodesk-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.(ts|mts|mjs|js)$/ }, (args) => {
        if (args.path.includes(`${'/'}node_modules${'/'}`) || !args.path.startsWith(root)) return undefined;
        let source = readFileSync(args.path, 'utf8');
        const hasMeta = source.includes('import.meta.url');
        const hasPty = stubPty && /require\((['"])node-pty\1\)/.test(source);
        if (!hasMeta && !hasPty) return undefined;
        const rel = relative(root, args.path).split('\\').join('/');
        source = source.replaceAll('import.meta.url', `__dynodeskMetaUrl(${JSON.stringify(rel)})`);
        if (hasPty) source = source.replace(/require\((['"])node-pty\1\)/g, `(${PTY_STUB_EXPR})`);
        return { contents: source, loader: args.path.endsWith('ts') ? 'ts' : 'js' };
      });
    },
  };
}

const PTY_STUB_MESSAGE = 'This dynodesk command talks to the running desktop app; a headless engine (`dynodesk serve`) needs a source checkout.';
const PTY_STUB_EXPR = `{ spawn() { throw new Error(${JSON.stringify(PTY_STUB_MESSAGE)}); } }`;

/** The installed CLI is a client of the desktop app's engine; it cannot load the Electron-built pty. */
const ptyStubPlugin = {
  name: 'dynodesk-pty-stub',
  setup(b) {
    b.onResolve({ filter: /^node-pty$/ }, () => ({ path: 'node-pty', namespace: 'dynodesk-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'dynodesk-stub' }, () => ({
      contents: `const pty = ${PTY_STUB_EXPR};\nexport const spawn = pty.spawn;\nexport default pty;\n`,
      loader: 'js',
    }));
  },
};

/** The CLI's entry: what bin/dynodesk.mjs does, minus the tsx loader. */
const cliEntryPlugin = {
  name: 'dynodesk-cli-entry',
  setup(b) {
    b.onResolve({ filter: /^dynodesk-cli-entry$/ }, () => ({ path: 'cli-entry', namespace: 'dynodesk-entry' }));
    b.onLoad({ filter: /.*/, namespace: 'dynodesk-entry' }, () => ({
      contents: [
        "import { main } from './main.ts';",
        'const code = await main(process.argv.slice(2));',
        '// Exit once output is flushed, even if a socket lingers.',
        "process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));",
      ].join('\n'),
      loader: 'ts',
      resolveDir: join(root, 'electron/host/cli'),
    }));
  },
};

// `root` for __dynodeskMetaUrl: the app root (one folder up from dist-electron), or for the
// CLI, the folder holding cli.mjs and its package.json (it is copied out of the app on install).
const cjsBanner = [
  "const __dynodeskPath = require('node:path');",
  "const __dynodeskRoot = __dynodeskPath.dirname(__dirname);",
  "function __dynodeskMetaUrl(rel) { return require('node:url').pathToFileURL(__dynodeskPath.join(__dynodeskRoot, rel)).href; }",
].join('\n');
const esmBanner = (levelsUp) => [
  "import { createRequire as __dynodeskCreateRequire } from 'node:module';",
  "import { dirname as __dynodeskDirname, join as __dynodeskJoin } from 'node:path';",
  "import { fileURLToPath as __dynodeskToPath, pathToFileURL as __dynodeskToUrl } from 'node:url';",
  // Bundled CommonJS dependencies call require() for Node built-ins.
  'const require = __dynodeskCreateRequire(import.meta.url);',
  `const __dynodeskRoot = ${'__dynodeskDirname('.repeat(levelsUp)}__dynodeskToPath(import.meta.url)${')'.repeat(levelsUp)};`,
  'function __dynodeskMetaUrl(rel) { return __dynodeskToUrl(__dynodeskJoin(__dynodeskRoot, rel)).href; }',
].join('\n');

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
    plugins: [metaUrlPlugin()],
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
  {
    ...common,
    entryPoints: { cli: 'dynodesk-cli-entry' },
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    external: EXTERNAL.filter((e) => e !== 'node-pty'),
    banner: { js: esmBanner(1) },
    plugins: [cliEntryPlugin, ptyStubPlugin, metaUrlPlugin({ stubPty: true })],
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
    plugins: [metaUrlPlugin()],
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
  const results = await Promise.allSettled(targets.map((t) => build(t)));
  // esbuild has already printed each error with its location.
  if (results.some((r) => r.status === 'rejected')) {
    console.error('build-electron: failed');
    process.exit(1);
  }
  if (!quiet) console.log(`build-electron: wrote ${out}/ (main.cjs, preload.cjs, cli.mjs${worker ? ', router-worker.js' : ''})`);
}
