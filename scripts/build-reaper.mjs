// Builds native/bin/dyno-reaper from native/dyno-reaper.c (run by `npm install` as "postinstall").
// Linux only: elsewhere there is nothing to build. It never fails the install: without the binary
// the engine falls back to tracking dyno processes and says why once at start.
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'native', 'dyno-reaper.c');
const target = join(root, 'native', 'bin', 'dyno-reaper');

function main() {
  if (process.platform !== 'linux') return;
  const cc = process.env.CC || 'cc';
  const partial = `${target}.${process.pid}.tmp`;
  mkdirSync(dirname(target), { recursive: true });
  const r = spawnSync(cc, ['-O2', '-Wall', '-Wextra', '-o', partial, source], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    rmSync(partial, { force: true });
    const why = r.error ? r.error.message : (r.stderr || `exit status ${r.status}`).trim();
    console.warn(`dynodesk: could not build the dyno containment helper (${why}).`);
    console.warn('dynodesk: dynos will still run; run `node scripts/build-reaper.mjs` once a C compiler is installed.');
    return;
  }
  // Renamed into place whole, so an engine starting meanwhile never runs a half-written file.
  renameSync(partial, target);
}

main();
