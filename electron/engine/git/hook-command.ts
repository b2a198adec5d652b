// Which node and which CLI script the git hook runs. The engine knows where its own files are;
// the hook must not depend on the pushing shell's PATH.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findExecutable } from '../build/find-executable.js';
import type { HookCommand } from './app-repo.js';

/**
 * The checkout's `bin/dynodesk.mjs`, or the bundle of an installed CLI (`dist-cli/`, also the copy
 * the desktop app installs into <dataDir>/cli). Inside a packaged Electron app (app.asar), plain
 * Node cannot read the engine's own files: the installed copy is the one that works.
 */
export function defaultHookCommand(dataDir: string): HookCommand | null {
  // Electron's binary is not a node (its run-as-node fuse is off): use the user's.
  const node = process.versions.electron ? findExecutable('node', process.env) : process.execPath;
  if (!node) return null;
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const candidates = root.includes('app.asar') ? [] : [join(root, 'bin', 'dynodesk.mjs'), join(root, 'dist-cli', 'dynodesk.mjs')];
  candidates.push(join(dataDir, 'cli', 'dist-cli', 'dynodesk.mjs'));
  const cli = candidates.find((c) => existsSync(c));
  return cli ? { node, cli } : null;
}
