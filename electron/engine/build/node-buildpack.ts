// Node.js: the Node that engines.node asks for, an install with the package manager the lockfile
// names, then the build script.
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { runBuildStep, throwIfCancelled } from './build-step.js';
import { findExecutable, missingToolMessage, withPathPrepended } from './find-executable.js';
import { isFile, readOptional } from './fs-read.js';
import { NodeModulesCache, dependencyKey } from './node-cache.js';
import { parsePackageJson, type PackageInfo } from './package-json.js';
import { prepareNodeRuntime } from './runtime/node-runtime.js';
import type { BuildContext, BuildResult } from './types.js';
import { usesYarnBerry } from './yarn-berry.js';

type PackageManager = 'npm' | 'pnpm' | 'yarn';

interface InstallPlan {
  tool: PackageManager;
  command: string;
}

async function installPlan(dir: string, pkg: PackageInfo, ctx: BuildContext): Promise<InstallPlan> {
  if ((await isFile(join(dir, 'package-lock.json'))) || (await isFile(join(dir, 'npm-shrinkwrap.json')))) {
    return { tool: 'npm', command: 'npm ci' };
  }
  if (await isFile(join(dir, 'pnpm-lock.yaml'))) return { tool: 'pnpm', command: 'pnpm install --frozen-lockfile' };
  if (await isFile(join(dir, 'yarn.lock'))) {
    const berry = await usesYarnBerry({ dir, packageManager: pkg.packageManager, env: ctx.env, signal: ctx.signal, recorder: ctx.recorder });
    return { tool: 'yarn', command: berry ? 'yarn install --immutable' : 'yarn install --frozen-lockfile' };
  }
  // A lockfile written now would say nothing the next build could trust: keep the slug as pushed.
  return { tool: 'npm', command: 'npm install --no-package-lock' };
}

export async function buildNode(ctx: BuildContext): Promise<BuildResult> {
  const { dir } = ctx.plan;
  requireTool('node', ctx.env);
  // Every Node.js install ships npm, and `web: npm start` needs it even when nothing is installed.
  requireTool('npm', ctx.env);
  const pkg = parsePackageJson((await readOptional(join(dir, 'package.json'), 'package.json')) ?? '{}');
  const install = await installPlan(dir, pkg, ctx);
  const script = pkg.scripts['heroku-postbuild'] !== undefined ? 'heroku-postbuild' : pkg.scripts['build'] !== undefined ? 'build' : null;
  // Only demand pnpm/yarn when there is something for them to do.
  if (install.tool !== 'npm' && (pkg.dependencyCount > 0 || script)) requireTool(install.tool, ctx.env);
  const runtime = await prepareNodeRuntime(pkg.enginesNode, { dataDir: ctx.dataDir, dir, env: ctx.env, onLine: ctx.onLine, signal: ctx.signal, recorder: ctx.recorder });
  throwIfCancelled(ctx.signal);
  const runtimePath = runtime?.pathPrepend ?? [];
  // npm's network chatter (audit, funding, update checks) adds seconds and noise to every local deploy.
  // The app's node (if it asked for one) comes first on PATH, so its lifecycle scripts run on it.
  const cache = ctx.cacheDir ? new NodeModulesCache(ctx.cacheDir) : null;
  const env = {
    ...withPathPrepended(ctx.env, runtimePath), npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false',
    ...(cache ? downloadCacheEnv(cache.downloadsDir, install) : {}),
  };
  const step = { cwd: dir, env, onLine: ctx.onLine, signal: ctx.signal, recorder: ctx.recorder };

  if (pkg.dependencyCount === 0) {
    ctx.onLine('-----> No dependencies in package.json: skipping install');
  } else {
    const key = cache ? await dependencyKey(dir, { installCommand: install.command, nodeVersion: runtime?.version ?? null, env }) : null;
    if (cache && key && await cache.restore(dir, key)) {
      ctx.onLine(`-----> Restored node_modules from the build cache: dependencies unchanged, skipping ${install.command}`);
      await runInstallScripts(pkg, install.tool, step);
    } else {
      ctx.onLine(`-----> Installing dependencies (${install.command})`);
      await runBuildStep(install.command, install.command, step);
      throwIfCancelled(ctx.signal);
      if (cache && key) {
        ctx.onLine('-----> Caching node_modules for the next build');
        await cache.save(dir, key);
      }
    }
  }
  throwIfCancelled(ctx.signal);

  if (script) {
    const command = `${install.tool} run ${script}`;
    ctx.onLine(`-----> Running ${command}`);
    await runBuildStep(command, command, step);
  }
  return { pathPrepend: [...runtimePath, join(dir, 'node_modules', '.bin')], env: {} };
}

/** Package downloads kept in the app's build cache, so an install after a dependency change fetches only what changed. */
function downloadCacheEnv(downloads: string, install: InstallPlan): Record<string, string> {
  return {
    npm_config_cache: join(downloads, 'npm'),
    YARN_CACHE_FOLDER: join(downloads, 'yarn'),
    // pnpm's setting only: npm (10+) warns "Unknown env config store-dir" in every build step that runs it.
    ...(install.tool === 'pnpm' ? { npm_config_store_dir: join(downloads, 'pnpm') } : {}),
    // With a lockfile every version is pinned and checked against its integrity: no need to ask the registry first.
    ...(install.command === 'npm ci' ? { npm_config_prefer_offline: 'true' } : {}),
  };
}

/** An install runs the app's own install scripts; a restored node_modules must not skip them. */
async function runInstallScripts(pkg: PackageInfo, tool: PackageManager, step: Parameters<typeof runBuildStep>[2]): Promise<void> {
  for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) {
    if (pkg.scripts[script] === undefined) continue;
    const command = `${tool} run ${script}`;
    step.onLine(`-----> Running ${command}`);
    await runBuildStep(command, command, step);
  }
}

function requireTool(tool: 'node' | PackageManager, env: Record<string, string>): void {
  if (!findExecutable(tool, env)) throw new UserError(missingToolMessage(tool), 'failed');
}
