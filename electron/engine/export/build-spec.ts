// How to build the image, read from the release's slug with the same rules the buildpacks follow
// (node-buildpack.ts, python-buildpack.ts), so the image installs and builds what the dynos ran.
import { join } from 'node:path';
import semver from 'semver';
import type { BuildInfo } from '../apps/app-record.js';
import { isFile, readOptional } from '../build/fs-read.js';
import { parsePackageJson, type PackageInfo } from '../build/package-json.js';
import { hasRequirementLines, parsePyprojectDependencies } from '../build/pyproject.js';
import { readPythonRequest } from '../build/runtime/python-version.js';
import type { HostRuntimes } from './host-runtimes.js';
import type { BuildSpec, NodePackageManager } from './model.js';

/** `dir`: the release's slug (or, for builds made before slugs, the app's folder). */
export async function buildSpec(info: BuildInfo, dir: string, host: HostRuntimes): Promise<BuildSpec> {
  switch (info.kind) {
    case 'node':
      return nodeSpec(dir, host);
    case 'python':
      return pythonSpec(dir, host);
    case 'static':
      return { kind: 'static' };
    case 'procfile': {
      const runtime = procfileRuntime([...Object.values(info.commands), info.releaseCommand ?? '']);
      return {
        kind: 'procfile',
        runtime,
        nodeMajor: runtime === 'node' ? (await host.nodeMajor()).major : '',
        pythonVersion: runtime === 'python' ? (await host.pythonMinor()).version : '',
      };
    }
  }
}

async function nodeSpec(dir: string, host: HostRuntimes): Promise<BuildSpec> {
  const pkg = parsePackageJson((await readOptional(join(dir, 'package.json'), 'package.json')) ?? '{}');
  const node = pkg.enginesNode === null ? await host.nodeMajor() : { major: majorFor(pkg.enginesNode, await host.nodeMajor()), source: `engines.node "${pkg.enginesNode}"` };
  const manager = await packageManager(dir, pkg);
  const script = pkg.scripts['heroku-postbuild'] !== undefined ? 'heroku-postbuild' : pkg.scripts['build'] !== undefined ? 'build' : null;
  const tool = manager === 'yarn-berry' ? 'yarn' : manager;
  return {
    kind: 'node',
    nodeMajor: node.major,
    nodeSource: node.source,
    manager,
    installCommand: pkg.dependencyCount === 0 ? null : await installCommand(dir, manager),
    buildCommand: script === null ? null : `${tool} run ${script}`,
  };
}

/**
 * The newest major release line the range allows, preferring even (LTS) lines as Heroku's newest
 * match usually is. Bounded by the Node this machine has, so the answer does not drift with time.
 */
function majorFor(range: string, hostMajor: { major: string }): string {
  const newest = Math.max(24, Number(hostMajor.major) || 0);
  const allowed: number[] = [];
  for (let m = newest; m >= 10; m--) if (semver.intersects(range, `${m}.x`)) allowed.push(m);
  const lts = allowed.find((m) => m % 2 === 0);
  return String(lts ?? allowed[0] ?? semver.minVersion(range)?.major ?? newest);
}

/** The lockfile decides, as in the buildpack; Yarn 2+ is told by its own files, never by running yarn. */
async function packageManager(dir: string, pkg: PackageInfo): Promise<NodePackageManager> {
  if ((await isFile(join(dir, 'package-lock.json'))) || (await isFile(join(dir, 'npm-shrinkwrap.json')))) return 'npm';
  if (await isFile(join(dir, 'pnpm-lock.yaml'))) return 'pnpm';
  if (await isFile(join(dir, 'yarn.lock'))) {
    const declared = /^yarn@(\d+)\./.exec(pkg.packageManager ?? '');
    if (declared) return Number(declared[1]) >= 2 ? 'yarn-berry' : 'yarn';
    if (await isFile(join(dir, '.yarnrc.yml'))) return 'yarn-berry';
    const lock = (await readOptional(join(dir, 'yarn.lock'), 'yarn.lock')) ?? '';
    return /^__metadata:/m.test(lock) ? 'yarn-berry' : 'yarn';
  }
  return 'npm';
}

async function installCommand(dir: string, manager: NodePackageManager): Promise<string> {
  switch (manager) {
    case 'npm':
      return (await isFile(join(dir, 'package-lock.json'))) || (await isFile(join(dir, 'npm-shrinkwrap.json'))) ? 'npm ci' : 'npm install --no-package-lock';
    case 'pnpm': return 'pnpm install --frozen-lockfile';
    case 'yarn': return 'yarn install --frozen-lockfile';
    case 'yarn-berry': return 'yarn install --immutable';
  }
}

async function pythonSpec(dir: string, host: HostRuntimes): Promise<BuildSpec> {
  const request = await readPythonRequest(dir);
  const python = request === null || request === 'system' ? await host.pythonMinor() : { version: request.text, source: `${request.file} (${request.text})` };
  return { kind: 'python', pythonVersion: python.version, pythonSource: python.source, requirements: await requirements(dir) };
}

async function requirements(dir: string): Promise<Extract<BuildSpec, { kind: 'python' }>['requirements']> {
  const txt = await readOptional(join(dir, 'requirements.txt'), 'requirements.txt');
  if (txt !== null) return hasRequirementLines(txt) ? { from: 'requirements.txt' } : null;
  const pyproject = await readOptional(join(dir, 'pyproject.toml'), 'pyproject.toml');
  const deps = pyproject === null ? [] : parsePyprojectDependencies(pyproject).dependencies;
  return deps.length > 0 ? { from: 'pyproject.toml', dependencies: deps } : null;
}

const NODE_TOOLS = new Set(['node', 'npm', 'npx', 'yarn', 'pnpm']);
const PYTHON_TOOLS = new Set(['python', 'python3', 'gunicorn', 'uvicorn', 'pip', 'celery', 'flask', 'django-admin']);

/** A bare Procfile names no language: the first word of its commands is the best hint there is. */
function procfileRuntime(commands: readonly string[]): 'node' | 'python' | 'none' {
  const firstWords = commands.map((c) => c.trim().split(/\s+/)[0] ?? '').map((w) => w.replace(/^.*\//, ''));
  if (firstWords.some((w) => NODE_TOOLS.has(w))) return 'node';
  if (firstWords.some((w) => PYTHON_TOOLS.has(w))) return 'python';
  return 'none';
}
