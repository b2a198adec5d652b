#!/usr/bin/env node
// The `dynodesk` command. It runs the CLI as plain JavaScript bundled ahead of time (dist-cli/, built
// by `npm install`'s prepare step and `npm run build`), which starts about as fast as `node` itself.
// In a checkout it never runs a bundle older than its sources: it rebuilds it first (esbuild, about
// a second), and only where that is impossible runs the TypeScript sources through tsx, saying so.
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cliBundleState } from '../scripts/cli-freshness.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(root, 'dist-cli');
const LOCK_WAIT_MS = 60_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Rebuild under a lock, so that commands started together after an edit (a test run, a script)
 * build once and the rest wait for it. A lock left by a killed build is broken after a minute.
 */
async function rebuild() {
  const lock = join(outdir, '.build.lock');
  mkdirSync(outdir, { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > LOCK_WAIT_MS || Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
      await sleep(50);
      if (cliBundleState(root, outdir) === 'fresh') return;
    }
  }
  try {
    if (cliBundleState(root, outdir) === 'fresh') return;
    const { buildCli } = await import('../scripts/build-cli.mjs');
    await buildCli({ outdir });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function runFromSources(why) {
  process.stderr.write(`dynodesk: ${why}; running the TypeScript sources through tsx instead (slower to start).\n`);
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../electron/host/cli/main.ts');
  const code = await main(process.argv.slice(2));
  // Exit once everything written has been flushed (pipes are asynchronous), even if a socket lingers.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

let fallback = null;
if (cliBundleState(root, outdir) !== 'fresh') {
  try {
    await rebuild();
  } catch (err) {
    const why = err?.code === 'ERR_MODULE_NOT_FOUND' ? 'esbuild is not installed' : String(err?.message ?? err).split('\n')[0];
    fallback = `could not build the CLI bundle in ${outdir} (${why})`;
  }
}
if (fallback) await runFromSources(fallback);
// The bundle runs the command and exits by itself.
else await import(pathToFileURL(join(outdir, 'dynodesk.mjs')).href);
