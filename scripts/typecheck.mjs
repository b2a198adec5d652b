// Type-check each layer against its own project, so a wrong import (DOM in the engine, Node in the renderer) fails here.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const projects = ['tsconfig.shared.json', 'tsconfig.node.json', 'tsconfig.electron.json', 'tsconfig.renderer.json'];
let failed = false;
for (const p of projects) {
  if (!existsSync(p)) continue;
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', p], { stdio: 'inherit' });
  if (r.status !== 0) { console.error(`typecheck failed: ${p}`); failed = true; }
}
process.exit(failed ? 1 : 0);
