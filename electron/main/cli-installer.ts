// Installing the `dynodesk` command (issue 5), without Electron: copy the CLI bundle and what its
// `serve` needs into the data dir (cli-payload.ts), write a launcher into the first usable PATH
// folder, and report whether a new terminal will find it. Elevation and PATH editing are injected
// by cli-install.ts.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../engine/errors.js';
import { CLI_ENTRY, cliPayload, copyCliPayload } from './cli-payload.js';
import { isDirOnPath, posixLauncher, SHIM_MARKER, shimTargets, windowsCmdShim, type ShimTarget } from './cli-shim.js';

export interface CliInstallOptions {
  platform: NodeJS.Platform;
  home: string;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  /**
   * The app's files laid out as in the repository (dist-cli/, dist/renderer/, node_modules/node-pty/…):
   * the checkout, or app.asar.unpacked when packaged (electron-builder's asarUnpack puts them there).
   */
  appFiles: string;
  /** The app's version: what the installed `dynodesk --version` prints. */
  version: string;
  /** Defaults to process.arch: which of node-pty's prebuilt binaries to copy. */
  arch?: string;
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
  /** Parts of the payload this build lacked (`dynodesk serve` works without them, less well). */
  missing: string[];
  /** True when a new terminal will find `dynodesk` without further steps. */
  onPath: boolean;
  /** What the user should do when onPath is false. */
  hint: string | null;
  /** Launchers we left alone because something else owns that name. */
  skipped: string[];
}

export async function installCli(opts: CliInstallOptions): Promise<CliInstallResult> {
  const bundle = join(opts.appFiles, ...CLI_ENTRY.split('/'));
  if (!existsSync(bundle)) {
    throw new UserError(`This build has no command line tool bundle (${bundle}). Rebuild with "npm run build:electron".`, 'failed');
  }
  const cliDir = join(opts.dataDir, 'cli');
  const staging = `${cliDir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  let missing: string[];
  try {
    missing = copyCliPayload(opts.appFiles, staging, cliPayload(opts.platform, opts.arch ?? process.arch));
    // `--version` reads the package.json at the root of the layout.
    writeFileSync(join(staging, 'package.json'), `${JSON.stringify({ name: 'dynodesk-cli', version: opts.version, private: true, type: 'module' }, null, 2)}\n`);
    replaceDir(staging, cliDir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const cliCopy = join(cliDir, ...CLI_ENTRY.split('/'));

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
      return { file: target.file, cliCopy, missing, onPath, hint: onPath ? null : pathHint(target.dir, opts.platform), skipped };
    }
  }
  const why = skipped.length ? ` (left alone, not installed by Dynodesk: ${skipped.join(', ')})` : '';
  throw new UserError(`Could not install the dynodesk command in any folder on the PATH${why}.`, 'failed');
}

/** Swap a complete new copy in for the old one; a command running from the old copy keeps its files. */
function replaceDir(fresh: string, target: string): void {
  const old = `${target}.${process.pid}.old`;
  const hadOld = existsSync(target);
  if (hadOld) renameSync(target, old);
  renameSync(fresh, target);
  if (hadOld) rmSync(old, { recursive: true, force: true });
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
