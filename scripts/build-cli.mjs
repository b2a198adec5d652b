// Bundles the `dynodesk` CLI ahead of time with esbuild, so the command runs plain JavaScript:
//   dist-cli/dynodesk.mjs        the entry (bin/dynodesk.mjs imports it; `node dist-cli/dynodesk.mjs …` runs it)
//   dist-cli/router-worker.mjs   the router's worker thread, for `serve`
//   dist-cli/chunk-*.mjs         code only some commands load (serve's engine), split out so that
//                                `--help` or `ps` never parse it
//   dist-cli/inputs.json         when the build started and which source files went in: the bin's
//                                cheap "is the bundle older than the sources?" check
//   dist-cli/*.map               source maps, for DevTools and `node --enable-source-maps` (not shipped)
// Run by `npm install` (prepare), `npm run build` and build-electron.mjs (the desktop app ships the
// same folder and "Install Command Line Tool" copies it), and by the bin when the bundle is stale.
// The bundle expects the repository's layout one folder up (package.json, dist/renderer,
// electron/engine/build/static-server.mjs, node_modules/node-pty): see meta-url-plugin.mjs.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { esmBanner, metaUrlPlugin } from './meta-url-plugin.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUTDIR = join(root, 'dist-cli');
export const CLI_INPUTS = 'inputs.json';
/** Besides the bundled sources: a change here changes the bundle too. */
const EXTRA_INPUTS = ['package.json', 'scripts/build-cli.mjs', 'scripts/meta-url-plugin.mjs'];

/** The entry: run the CLI, then exit once output is flushed, even if a socket lingers. */
const entryPlugin = {
  name: 'dynodesk-cli-entry',
  setup(b) {
    b.onResolve({ filter: /^dynodesk-cli-entry$/ }, () => ({ path: 'cli-entry', namespace: 'dynodesk-entry' }));
    b.onLoad({ filter: /.*/, namespace: 'dynodesk-entry' }, () => ({
      contents: [
        "import { main } from './main.ts';",
        'const code = await main(process.argv.slice(2));',
        "process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));",
      ].join('\n'),
      loader: 'ts',
      resolveDir: join(root, 'electron/host/cli'),
    }));
  },
};

/** Write `data` to `file` by rename, so a concurrent reader sees the old file or the new one. */
function writeAtomic(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * Builds the CLI into `outdir` (default dist-cli/). Safe against a concurrent build or run: each
 * file is replaced by rename, the entry and inputs.json last, and chunks are content-hashed.
 */
export async function buildCli({ outdir = CLI_OUTDIR, sourcemap = true } = {}) {
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: { dynodesk: 'dynodesk-cli-entry', 'router-worker': 'electron/engine/router/worker.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    write: false,
    metafile: true,
    sourcemap: sourcemap ? 'linked' : false,
    legalComments: 'none',
    logLevel: 'warning',
    // node-pty is native and loaded at run time from node_modules; ws's optional speed-ups may be absent.
    external: ['node-pty', 'bufferutil', 'utf-8-validate'],
    banner: { js: esmBanner(2) },
    define: { 'process.env.DYNODESK_BUNDLED': '"1"' },
    plugins: [entryPlugin, metaUrlPlugin(root)],
  });
  mkdirSync(outdir, { recursive: true });
  const entry = join(outdir, 'dynodesk.mjs');
  const written = new Set(result.outputFiles.map((f) => f.path));
  for (const f of result.outputFiles) if (f.path !== entry) writeAtomic(f.path, f.contents);
  const inputs = [...Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules/') && !p.includes(':')), ...EXTRA_INPUTS];
  writeAtomic(entry, result.outputFiles.find((f) => f.path === entry).contents);
  writeAtomic(join(outdir, CLI_INPUTS), `${JSON.stringify({ builtAt: startedAt, inputs }, null, 1)}\n`);
  // Chunks of earlier builds: a process that started before this build has loaded its own by now.
  for (const name of readdirSync(outdir)) {
    if (/^chunk-.*\.mjs(\.map)?$/.test(name) && !written.has(join(outdir, name))) rmSync(join(outdir, name), { force: true });
  }
  return { outdir, files: [...written].map((p) => relative(outdir, p)) };
}

// `node scripts/build-cli.mjs [--outdir=DIR] [--no-sourcemap] [--if-possible]`. --if-possible (npm's
// prepare step) turns a missing esbuild, as in `npm install --omit=dev`, into a note: the bin
// then runs the TypeScript sources through tsx.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const outArg = process.argv.find((a) => a.startsWith('--outdir='));
  const outdir = outArg ? resolve(outArg.slice('--outdir='.length)) : CLI_OUTDIR;
  try {
    const { files } = await buildCli({ outdir, sourcemap: !process.argv.includes('--no-sourcemap') });
    if (!process.argv.includes('--quiet')) console.log(`build-cli: wrote ${relative(process.cwd(), outdir) || basename(outdir)}/ (${files.length} files)`);
  } catch (err) {
    const missing = err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('esbuild');
    if (missing && process.argv.includes('--if-possible')) {
      console.log('build-cli: esbuild is not installed, so the dynodesk command will run its TypeScript sources (slower to start).');
    } else {
      if (!err?.errors) console.error(err); // esbuild has already printed its own errors with their locations
      console.error('build-cli: failed');
      process.exit(1);
    }
  }
}
