// The "Try a sample app" project. Installed apps live in read-only places (a mounted AppImage,
// /Applications), and deploying may write next to the code, so the sample is copied into the
// data dir and refreshed when a newer Dynodesk ships a different version of it.
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

function versionOf(dir: string): string | null {
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : null;
  } catch {
    return null;
  }
}

/** Returns the writable sample path, or null when the bundled sample is missing. */
export function ensureSampleApp(sourceDir: string, dataDir: string): string | null {
  const source = versionOf(sourceDir);
  if (source === null) return null;
  const target = join(dataDir, 'sample-app');
  if (existsSync(target) && versionOf(target) === source) return target;
  rmSync(target, { recursive: true, force: true });
  cpSync(sourceDir, target, { recursive: true });
  return target;
}
