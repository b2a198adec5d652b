// Python: a virtualenv in the data directory (never in the user's folder), dependencies from
// requirements.txt or pyproject.toml's [project] dependencies.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { runBuildStep, throwIfCancelled } from './build-step.js';
import { findExecutable, missingToolMessage, pythonCommand } from './find-executable.js';
import { readOptional } from './fs-read.js';
import { hasRequirementLines, parsePyprojectDependencies } from './pyproject.js';
import { quoteArg } from './shell.js';
import type { BuildContext, BuildResult } from './types.js';
import { discardFresh, prepareFresh, swapIn, venvPaths } from './venv-swap.js';

const BIN = process.platform === 'win32' ? 'Scripts' : 'bin';

export async function buildPython(ctx: BuildContext): Promise<BuildResult> {
  const { dir } = ctx.plan;
  const python = findExecutable(pythonCommand(), ctx.env);
  if (!python) throw new UserError(missingToolMessage('python3'), 'failed');
  const requirementsFile = await requirementsToInstall(dir);
  const paths = venvPaths(ctx.dataDir, ctx.app);
  const step = { cwd: dir, env: { ...ctx.env, PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_NO_INPUT: '1' }, onLine: ctx.onLine, signal: ctx.signal };

  await prepareFresh(paths);
  try {
    ctx.onLine('-----> Creating virtualenv');
    // Without requirements there is nothing for pip to do, and skipping ensurepip saves seconds.
    const withoutPip = requirementsFile ? '' : ' --without-pip';
    await runBuildStep(`${quoteArg(python)} -m venv${withoutPip} ${quoteArg(paths.fresh)}`, `${pythonCommand()} -m venv`, step);
    throwIfCancelled(ctx.signal);
    if (requirementsFile) {
      ctx.onLine('-----> Installing requirements with pip');
      const venvPython = join(paths.fresh, BIN, 'python');
      const file = requirementsFile === 'pyproject' ? await writePyprojectRequirements(dir, paths.fresh) : requirementsFile;
      await runBuildStep(`${quoteArg(venvPython)} -m pip install -r ${quoteArg(file)}`, 'pip install', step);
    } else {
      ctx.onLine('-----> No requirements to install: skipping pip install');
    }
    throwIfCancelled(ctx.signal);
    await swapIn(paths);
  } catch (err) {
    await discardFresh(paths);
    throw err;
  }
  return {
    pathPrepend: [join(paths.link, BIN)],
    // Unbuffered, as Heroku does, so print() reaches the logs as it happens.
    env: { VIRTUAL_ENV: paths.link, PYTHONUNBUFFERED: '1' },
  };
}

/** requirements.txt path, 'pyproject' when dependencies come from pyproject.toml, or null for nothing. */
async function requirementsToInstall(dir: string): Promise<string | 'pyproject' | null> {
  const requirementsPath = join(dir, 'requirements.txt');
  const requirements = await readOptional(requirementsPath, 'requirements.txt');
  if (requirements !== null) return hasRequirementLines(requirements) ? requirementsPath : null;
  const pyproject = await readOptional(join(dir, 'pyproject.toml'), 'pyproject.toml');
  if (pyproject === null) return null;
  const deps = parsePyprojectDependencies(pyproject);
  if (deps.dependencies.length > 0) return 'pyproject';
  if (deps.usesPoetry) {
    throw new UserError(
      'pyproject.toml lists its dependencies under [tool.poetry.dependencies], which Dynodesk does not resolve: run `poetry export -f requirements.txt -o requirements.txt` and deploy again',
    );
  }
  return null;
}

/** The dependency list as a requirements file inside the fresh venv (never in the user's folder). */
async function writePyprojectRequirements(dir: string, venv: string): Promise<string> {
  const text = await readOptional(join(dir, 'pyproject.toml'), 'pyproject.toml');
  const deps = parsePyprojectDependencies(text ?? '');
  const file = join(venv, 'dynodesk-requirements.txt');
  await writeFile(file, `${deps.dependencies.join('\n')}\n`);
  return file;
}
