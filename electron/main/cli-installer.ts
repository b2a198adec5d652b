// Installing the `dynodesk` command (issue 5), without Electron: copy the CLI bundle into the
// data dir, write a launcher into the first usable PATH folder, and report whether a new
// terminal will find it. Elevation and PATH editing are injected by cli-install.ts.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { UserError } from '../engine/errors.js';
import { isDirOnPath, posixLauncher, SHIM_MARKER, shimTargets, windowsCmdShim, type ShimTarget } from './cli-shim.js';

export interface CliInstallOptions {
  platform: NodeJS.Platform;
  home: string;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  /** dist-electron/cli.mjs (unpacked from the asar when packaged). */
  cliBundle: string;
  /** Overrides shimTargets(), for tests. */
  targets?: ShimTarget[];
  /** Copy `tmpFile` to `target` (mode 0755) with administrator rights; false if refused or unavailable. */
  elevate?: (tmpFile: string, target: string) => Promise<boolean>;
  /** Windows: add `dir` to the user's PATH; false if that failed. */
  addToUserPath?: (dir: string) => Promise<boolean>;
}

export interface CliInstallResult {
  /** The launcher written. */
  file: string;
  /** The CLI bundle copy the launcher runs. */
  cliCopy: string;
  /** True when a new terminal will find `dynodesk` without further steps. */
  onPath: boolean;
  /** What the user should do when onPath is false. */
  hint: string | null;
  /** Launchers we left alone because something else owns that name. */
  skipped: string[];
}

export async function installCli(opts: CliInstallOptions): Promise<CliInstallResult> {
  if (!existsSync(opts.cliBundle)) {
    throw new UserError(`This build has no command line tool bundle (${opts.cliBundle}). Rebuild with "npm run build:electron".`, 'failed');
  }
  const cliDir = join(opts.dataDir, 'cli');
  mkdirSync(cliDir, { recursive: true });
  const cliCopy = join(cliDir, 'dynodesk.mjs');
  const tmpCopy = `${cliCopy}.${process.pid}.tmp`;
  copyFileSync(opts.cliBundle, tmpCopy);
  renameSync(tmpCopy, cliCopy);
  // The bundle's package.json travels with it: `dynodesk --version` reads it from beside the bundle.
  const pkg = join(dirname(opts.cliBundle), 'package.json');
  if (existsSync(pkg)) copyFileSync(pkg, join(cliDir, 'package.json'));

  const content = opts.platform === 'win32' ? windowsCmdShim(cliCopy, opts.dataDir) : posixLauncher(cliCopy, opts.dataDir);
  const skipped: string[] = [];
  for (const target of opts.targets ?? shimTargets(opts.platform, opts.home, opts.env)) {
    if (existsSync(target.file) && !isOurLauncher(target.file)) {
      skipped.push(target.file);
      continue;
    }
    if (await writeLauncher(target, content, opts.elevate)) {
      let onPath = isDirOnPath(target.dir, opts.env.PATH ?? opts.env.Path, opts.platform);
      if (!onPath && opts.platform === 'win32' && opts.addToUserPath) onPath = await opts.addToUserPath(target.dir);
      return { file: target.file, cliCopy, onPath, hint: onPath ? null : pathHint(target.dir, opts.platform), skipped };
    }
  }
  const why = skipped.length ? ` (left alone, not installed by Dynodesk: ${skipped.join(', ')})` : '';
  throw new UserError(`Could not install the dynodesk command in any folder on the PATH${why}.`, 'failed');
}

function isOurLauncher(file: string): boolean {
  try {
    return readFileSync(file, 'utf8').slice(0, 512).includes(SHIM_MARKER);
  } catch {
    return false;
  }
}

async function writeLauncher(target: ShimTarget, content: string, elevate: CliInstallOptions['elevate']): Promise<boolean> {
  try {
    if (!target.system) mkdirSync(target.dir, { recursive: true });
    const tmp = `${target.file}.${process.pid}.tmp`;
    writeFileSync(tmp, content, { mode: 0o755 });
    chmodSync(tmp, 0o755);
    renameSync(tmp, target.file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!target.system || !elevate || (code !== 'EACCES' && code !== 'EPERM' && code !== 'ENOENT')) return false;
  }
  const staged = join(tmpdir(), `dynodesk-launcher-${process.pid}`);
  writeFileSync(staged, content, { mode: 0o755 });
  try {
    return await elevate(staged, target.file);
  } catch {
    return false;
  }
}

function pathHint(dir: string, platform: NodeJS.Platform): string {
  if (platform === 'win32') return `Add ${dir} to your PATH, then open a new terminal.`;
  return `Add ${dir} to your PATH (for example: echo 'export PATH="${dir}:$PATH"' >> ~/.profile), then open a new terminal.`;
}
