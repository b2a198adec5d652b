// Yarn 2+ ("Berry") replaced `--frozen-lockfile` with `--immutable` and warns on the old flag, so
// the install command depends on which Yarn the project uses. Cheapest signals first: the
// packageManager field, Berry's own config file, the lockfile's format, and only then the
// installed `yarn` itself.
import { join } from 'node:path';
import { findExecutable } from './find-executable.js';
import { isFile, readOptional } from './fs-read.js';
import { runCaptured, type ProcessOwner } from './run-captured.js';

export interface YarnProbeContext extends ProcessOwner {
  dir: string;
  packageManager: string | null;
  env: Record<string, string>;
}

export async function usesYarnBerry(ctx: YarnProbeContext): Promise<boolean> {
  const declared = /^yarn@(\d+)\./.exec(ctx.packageManager ?? '');
  if (declared) return Number(declared[1]) >= 2;
  if (await isFile(join(ctx.dir, '.yarnrc.yml'))) return true;
  const lockfile = (await readOptional(join(ctx.dir, 'yarn.lock'), 'yarn.lock')) ?? '';
  // Berry lockfiles are YAML with a __metadata block; classic ones say "yarn lockfile v1".
  if (/^__metadata:/m.test(lockfile)) return true;
  if (/^# yarn lockfile v1/m.test(lockfile)) return false;
  return (await installedYarnMajor(ctx)) >= 2;
}

/** The major version `yarn --version` reports in the project folder, or 1 if it cannot say. */
async function installedYarnMajor(ctx: YarnProbeContext): Promise<number> {
  const yarn = findExecutable('yarn', ctx.env);
  // Windows installs yarn as a .cmd script, which cannot be run without a shell: assume classic.
  if (!yarn || process.platform === 'win32') return 1;
  const run = await runCaptured(yarn, ['--version'], { cwd: ctx.dir, env: ctx.env, timeoutMs: 30_000, signal: ctx.signal, recorder: ctx.recorder });
  const major = /^(\d+)\./.exec(run.stdout.trim());
  return !run.failure && major ? Number(major[1]) : 1;
}
