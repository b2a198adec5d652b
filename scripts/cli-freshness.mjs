// Is the CLI bundle (dist-cli/) older than its sources? Asked by bin/dynodesk.mjs on every run, so
// it must cost next to nothing: it stats exactly the files the last build read (dist-cli/inputs.json,
// a few hundred at most; about a millisecond) instead of walking the tree. A source edited, added
// to an import, renamed or checked out by git gets a new mtime, and its importer does too.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** 'fresh', 'stale' (a source is newer than the build, or gone) or 'missing' (no complete bundle). */
export function cliBundleState(root, outdir) {
  let meta;
  try {
    meta = JSON.parse(readFileSync(join(outdir, 'inputs.json'), 'utf8'));
  } catch {
    return 'missing';
  }
  if (!statSync(join(outdir, 'dynodesk.mjs'), { throwIfNoEntry: false })) return 'missing';
  // An installed copy without the TypeScript sources has nothing to compare with (or to rebuild from).
  if (!statSync(join(root, 'electron'), { throwIfNoEntry: false })) return 'fresh';
  for (const rel of meta.inputs) {
    const st = statSync(join(root, rel), { throwIfNoEntry: false });
    if (!st || st.mtimeMs > meta.builtAt) return 'stale';
  }
  return 'fresh';
}
