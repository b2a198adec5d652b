// Python: the interpreter runtime.txt or .python-version asks for, a virtualenv inside the slug
// (.dynodesk/venv, as Heroku keeps Python in /app/.heroku), dependencies from requirements.txt or
// pyproject.toml's [project] dependencies. The build cache keeps pip's downloads and the last venv.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { runBuildStep, throwIfCancelled } from './build-step.js';
import { pythonCommand } from './find-executable.js';
import { readOptional } from './fs-read.js';
import { hasRequirementLines, parsePyprojectDependencies } from './pyproject.js';
import { choosePythonInterpreter } from './runtime/python-runtime.js';
import { quoteArg } from '../platform-shell.js';
import type { BuildContext, BuildResult } from './types.js';
import { VenvCache, venvKey } from './python-cache.js';

const BIN = process.platform === 'win32' ? 'Scripts' : 'bin';

export async function buildPython(ctx: BuildContext): Promise<BuildResult> {
  const { dir } = ctx.plan;
  const python = await choosePythonInterpreter({ dir, env: ctx.env, onLine: ctx.onLine, signal: ctx.signal, recorder: ctx.recorder });
  const requirementsFile = await requirementsToInstall(dir);
  const venv = join(dir, '.dynodesk', 'venv');
  const cache = ctx.cacheDir ? new VenvCache(ctx.cacheDir) : null;
  const env = { ...ctx.env, PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_NO_INPUT: '1', ...(cache ? { PIP_CACHE_DIR: cache.pipCacheDir } : {}) };
  const step = { cwd: dir, env, onLine: ctx.onLine, signal: ctx.signal, recorder: ctx.recorder };
  // The slug is a copy of the source: a venv folder of that name there belongs to us.
  await rm(venv, { recursive: true, force: true });
  await mkdir(join(dir, '.dynodesk'), { recursive: true });

  const requirements = requirementsFile === null ? null
    : requirementsFile === 'pyproject' ? (await readOptional(join(dir, 'pyproject.toml'), 'pyproject.toml'))
      : await readFile(requirementsFile, 'utf8');
  const key = cache ? await venvKey(python, requirements, requirementsFile !== null) : null;
  if (cache && key && await cache.restore(venv, key)) {
    ctx.onLine('-----> Restored the virtualenv from the build cache: requirements unchanged, skipping pip install');
  } else {
    ctx.onLine('-----> Creating virtualenv');
    // Without requirements there is nothing for pip to do, and skipping ensurepip saves seconds.
    const withoutPip = requirementsFile ? '' : ' --without-pip';
    await runBuildStep(`${quoteArg(python)} -m venv${withoutPip} ${quoteArg(venv)}`, `${pythonCommand()} -m venv`, step);
    throwIfCancelled(ctx.signal);
    if (requirementsFile) {
      ctx.onLine('-----> Installing requirements with pip');
      const venvPython = join(venv, BIN, 'python');
      const file = requirementsFile === 'pyproject' ? await writePyprojectRequirements(dir, venv) : requirementsFile;
      await runBuildStep(`${quoteArg(venvPython)} -m pip install -r ${quoteArg(file)}`, 'pip install', step);
    } else {
      ctx.onLine('-----> No requirements to install: skipping pip install');
    }
    throwIfCancelled(ctx.signal);
    if (cache && key) await cache.save(venv, key);
  }
  return {
    pathPrepend: [join(venv, BIN)],
    // Unbuffered, as Heroku does, so print() reaches the logs as it happens.
    env: { VIRTUAL_ENV: venv, PYTHONUNBUFFERED: '1' },
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

/** The dependency list as a requirements file inside the venv (pip reads a file). */
async function writePyprojectRequirements(dir: string, venv: string): Promise<string> {
  const text = await readOptional(join(dir, 'pyproject.toml'), 'pyproject.toml');
  const deps = parsePyprojectDependencies(text ?? '');
  const file = join(venv, 'dynodesk-requirements.txt');
  await writeFile(file, `${deps.dependencies.join('\n')}\n`);
  return file;
}
