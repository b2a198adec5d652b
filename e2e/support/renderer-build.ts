// Builds dist/renderer once when it is missing or older than its sources. Spec files run in parallel
// processes, so the build is guarded by a lock directory.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { uiIsStale } from '../../electron/host/dashboard/ui-build.js';

export const REPO = resolve(import.meta.dirname, '..', '..');
export const RENDERER_DIR = join(REPO, 'dist', 'renderer');
const LOCK = join(REPO, 'dist', '.renderer-build.lock');
const LOCK_STALE_MS = 5 * 60_000;

/** Missing or older than its sources: the same rule as `dynodesk serve` (ui-build.ts), which shares this lock. */
const rendererIsStale = (): boolean => uiIsStale(REPO, RENDERER_DIR);

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function ensureRendererBuilt(): Promise<void> {
  const deadline = Date.now() + 180_000;
  mkdirSync(join(REPO, 'dist'), { recursive: true });
  while (rendererIsStale()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the renderer build');
    try {
      mkdirSync(LOCK);
    } catch {
      // Someone else is building; a lock left by a killed run is broken after a while.
      try { if (Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true }); } catch { /* gone */ }
      await sleep(250);
      continue;
    }
    try {
      if (!rendererIsStale()) return;
      const r = spawnSync(process.execPath, [join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: REPO, stdio: 'inherit' });
      if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
