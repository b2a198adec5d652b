// Node.js: install with the package manager the lockfile names, then the build script.
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { runBuildStep, throwIfCancelled } from './build-step.js';
import { findExecutable, missingToolMessage } from './find-executable.js';
import { isFile, readOptional } from './fs-read.js';
import { parsePackageJson } from './package-json.js';
import type { BuildContext, BuildResult } from './types.js';

type PackageManager = 'npm' | 'pnpm' | 'yarn';

interface InstallPlan {
  tool: PackageManager;
  command: string;
}

async function installPlan(dir: string): Promise<InstallPlan> {
  if ((await isFile(join(dir, 'package-lock.json'))) || (await isFile(join(dir, 'npm-shrinkwrap.json')))) {
    return { tool: 'npm', command: 'npm ci' };
  }
  if (await isFile(join(dir, 'pnpm-lock.yaml'))) return { tool: 'pnpm', command: 'pnpm install --frozen-lockfile' };
  if (await isFile(join(dir, 'yarn.lock'))) return { tool: 'yarn', command: 'yarn install --frozen-lockfile' };
  return { tool: 'npm', command: 'npm install' };
}

export async function buildNode(ctx: BuildContext): Promise<BuildResult> {
  const { dir } = ctx.plan;
  requireTool('node', ctx.env);
  // Every Node.js install ships npm, and `web: npm start` needs it even when nothing is installed.
  requireTool('npm', ctx.env);
  const pkg = parsePackageJson((await readOptional(join(dir, 'package.json'), 'package.json')) ?? '{}');
  const install = await installPlan(dir);
  const script = pkg.scripts['heroku-postbuild'] !== undefined ? 'heroku-postbuild' : pkg.scripts['build'] !== undefined ? 'build' : null;
  // Only demand pnpm/yarn when there is something for them to do.
  if (install.tool !== 'npm' && (pkg.dependencyCount > 0 || script)) requireTool(install.tool, ctx.env);
  // npm's network chatter (audit, funding, update checks) adds seconds and noise to every local deploy.
  const env = { ...ctx.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  const step = { cwd: dir, env, onLine: ctx.onLine, signal: ctx.signal };

  if (pkg.dependencyCount === 0) {
    ctx.onLine('-----> No dependencies in package.json: skipping install');
  } else {
    ctx.onLine(`-----> Installing dependencies (${install.command})`);
    await runBuildStep(install.command, install.command, step);
  }
  throwIfCancelled(ctx.signal);

  if (script) {
    const command = `${install.tool} run ${script}`;
    ctx.onLine(`-----> Running ${command}`);
    await runBuildStep(command, command, step);
  }
  return { pathPrepend: [join(dir, 'node_modules', '.bin')], env: {} };
}

function requireTool(tool: 'node' | PackageManager, env: Record<string, string>): void {
  if (!findExecutable(tool, env)) throw new UserError(missingToolMessage(tool), 'failed');
}
