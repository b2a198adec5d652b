// Where the bundled pieces live, from the directory of the main bundle (dist-electron/).
// Packaged, that directory is inside app.asar; files that plain Node or a worker must read
// from disk (router worker, the CLI and what it copies) are unpacked beside it by electron-builder (asarUnpack).
import { dirname, join, sep } from 'node:path';

export interface AppPaths {
  /** The app root: the repo checkout, or resources/app.asar when packaged. */
  appRoot: string;
  rendererDir: string;
  preload: string;
  routerWorker: string;
  /** The app's files that plain Node can read, laid out as in the repository: where "Install Command Line Tool" copies from. */
  cliFiles: string;
  /** The sample app shipped with Dynodesk (read-only; copied into the data dir before use). */
  sampleSource: string;
  icon: string;
}

export function unpackedTwin(p: string): string {
  const marker = `${sep}app.asar${sep}`;
  const i = p.indexOf(marker);
  return i === -1 ? p : `${p.slice(0, i)}${sep}app.asar.unpacked${sep}${p.slice(i + marker.length)}`;
}

export function resolveAppPaths(bundleDir: string, isPackaged: boolean, resourcesPath: string): AppPaths {
  const appRoot = dirname(bundleDir);
  return {
    appRoot,
    rendererDir: join(appRoot, 'dist', 'renderer'),
    preload: join(bundleDir, 'preload.cjs'),
    routerWorker: unpackedTwin(join(bundleDir, 'router-worker.js')),
    cliFiles: isPackaged ? `${appRoot}.unpacked` : appRoot,
    // extraResources puts the sample next to app.asar so dynos can run it with plain Node.
    sampleSource: isPackaged ? join(resourcesPath, 'sample-app') : join(appRoot, 'resources', 'sample-app'),
    icon: join(appRoot, 'resources', 'icons', '512x512.png'),
  };
}
