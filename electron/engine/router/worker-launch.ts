// Where the router worker's code lives, in each way the engine can run.

/**
 * - Bundled builds (Electron) pass `workerPath`: a compiled .js/.cjs file.
 * - From source (.ts, under tsx by `--import` or by `register()`): Node 20 does not carry tsx's
 *   hooks into worker threads reliably, so a tiny .mjs bootstrap registers tsx and imports worker.ts.
 * - A plain compiled tree (.js): the sibling worker.js.
 */
export function workerEntry(moduleUrl: string, workerPath?: string): URL | string {
  if (workerPath) return workerPath;
  if (moduleUrl.endsWith('.ts')) return new URL('./worker-bootstrap.mjs', moduleUrl);
  return new URL('./worker.js', moduleUrl);
}
