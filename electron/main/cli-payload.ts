// What "Install Command Line Tool" copies into <data dir>/cli/: the CLI bundle and what `dynodesk
// serve` needs beside it, laid out as in the repository, so the bundle finds every piece where it
// would in a checkout (scripts/meta-url-plugin.mjs). A copy, not a link to the app: the command
// must keep working when the app is not running (an AppImage is mounted only while it runs) and
// when the engine it starts owns the data dir instead of the app.
import { copyFileSync, cpSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

interface PayloadEntry {
  /** Relative to the app's files, with '/' separators. */
  path: string;
  /** Without it there is nothing to install. */
  required?: boolean;
  /** Which files and folders under `path` to copy (default: all); `rel` uses '/' separators. */
  keep?: (rel: string, isDir: boolean) => boolean;
}

/** The CLI entry inside the payload. */
export const CLI_ENTRY = 'dist-cli/dynodesk.mjs';

function nodePtyFiles(platform: NodeJS.Platform, arch: string): (rel: string, isDir: boolean) => boolean {
  const prebuilds = `prebuilds/${platform}-${arch}`;
  return (rel, isDir) => {
    if (rel === '' || rel === 'package.json' || rel === 'build' || rel === 'build/Release' || rel === 'prebuilds') return true;
    // The JavaScript (not its tests and maps) and the native module for this machine only.
    if (rel === 'lib' || rel.startsWith('lib/')) return !/\.test\.js$|\.map$/.test(rel);
    // node-gyp leaves object files in folders under build/Release; the module sits at its top.
    if (rel.startsWith('build/Release/')) return !isDir && !rel.slice('build/Release/'.length).includes('/');
    return rel === prebuilds || rel.startsWith(`${prebuilds}/`);
  };
}

export function cliPayload(platform: NodeJS.Platform, arch: string): PayloadEntry[] {
  return [
    { path: 'dist-cli', required: true, keep: (rel) => !rel.endsWith('.map') && !rel.includes('.build.lock') },
    // serve: the dashboard's UI, static sites' file server, dyno containment (Linux), dyno terminals.
    { path: 'dist/renderer' },
    { path: 'electron/engine/build/static-server.mjs' },
    { path: 'native/bin/dyno-reaper' },
    { path: 'node_modules/node-pty', keep: nodePtyFiles(platform, arch) },
  ];
}

/**
 * Copies the payload from `from` (the checkout, or app.asar.unpacked when packaged) into `to`.
 * Returns the optional entries that were missing, so the caller can say what `serve` will lack.
 */
export function copyCliPayload(from: string, to: string, entries: PayloadEntry[]): string[] {
  const missing: string[] = [];
  for (const entry of entries) {
    const src = join(from, ...entry.path.split('/'));
    if (!existsSync(src)) {
      if (entry.required) throw new Error(`${src} is missing`);
      missing.push(entry.path);
      continue;
    }
    const dest = join(to, ...entry.path.split('/'));
    mkdirSync(dirname(dest), { recursive: true });
    if (!statSync(src).isDirectory()) {
      copyFileSync(src, dest);
      continue;
    }
    const keep = entry.keep;
    cpSync(src, dest, {
      recursive: true,
      // Executables (the reaper, spawn-helper) keep their mode; cpSync copies it.
      filter: keep ? (s) => keep(s.slice(src.length + 1).split(sep).join('/'), statSync(s).isDirectory()) : undefined,
    });
  }
  return missing;
}
