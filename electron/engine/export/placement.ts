// Where the image's build context is, seen from the exported files. The files refer to the app's
// folder by a relative path, so the export can be committed next to the app and still build. A
// preview (no output folder yet) is rendered as if saved in the app's folder itself.
import { isAbsolute, join, relative, sep } from 'node:path';

export interface Placement {
  /** The build context relative to the output folder ("..", "."). */
  context: string;
  /** The Dockerfile relative to the build context (Compose resolves it from there). */
  dockerfile: string;
  /** The output folder relative to the context when it lies inside it ('' = the context itself), else null. */
  exportDirInContext: string | null;
}

export function placement(sourceDir: string | null, outputDir: string | null): Placement {
  // An app deployed by git push has no folder here: the files go into a checkout of its repository.
  if (sourceDir === null) return { context: '.', dockerfile: 'Dockerfile', exportDirInContext: '' };
  const out = outputDir ?? sourceDir;
  const inside = relative(sourceDir, out);
  const within = !inside.startsWith('..') && !isAbsolute(inside);
  return {
    context: posix(relative(out, sourceDir)) || '.',
    dockerfile: posix(relative(sourceDir, join(out, 'Dockerfile'))),
    exportDirInContext: within ? posix(inside) : null,
  };
}

function posix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
