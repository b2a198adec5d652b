import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { basename, resolve } from 'node:path';
import type { DeployStep } from '../../../shared/types.js';
import { appNameProblem, formationProblem, slugifyAppName } from '../../../shared/validation.js';
import { DEFAULT_APP_SETTINGS, MAX_DYNOS_PER_APP, MAX_DYNOS_PER_TYPE } from '../../../shared/defaults.js';
import { build, detect, runReleaseCommand } from '../build/index.js';
import type { BuildPlan, BuildResult } from '../build/types.js';
import type { EngineCore } from '../engine-core.js';
import { UserError } from '../errors.js';
import type { AppRecord, BuildInfo } from './app-record.js';
import { dynoEnvironment, hostEnvironment } from './dyno-env.js';
import { allocateAppPort } from './ports.js';
import { addRelease } from './registry.js';

export interface DeployRequest {
  path: string;
  name?: string;
  deployId: string;
}

export interface DeployOutcome {
  name: string;
  release: number;
}

/**
 * detect → build → release → start. Nothing is recorded until build and release command succeed,
 * so a failed deploy leaves the running release (and the registry) untouched.
 */
export async function deploy(core: EngineCore, req: DeployRequest): Promise<DeployOutcome> {
  let appName: string | null = null;
  let step: DeployStep = 'detect';
  const progress = (line?: string): void => {
    core.emit({ event: 'deploy.progress', payload: { deployId: req.deployId, app: appName, step, status: 'running', ...(line === undefined ? {} : { line }) } });
  };
  try {
    progress();
    const dir = resolve(req.path.replace(/^~(?=$|[\\/])/, homedir()));
    if (req.name !== undefined) {
      const problem = appNameProblem(req.name);
      if (problem) throw new UserError(problem);
    }
    const plan = await detect(dir);
    const existing = req.name !== undefined ? core.registry.find(req.name) : core.registry.findByPath(dir);
    if (existing && existing.path !== dir) {
      throw new UserError(`Name ${existing.name} is already taken by the app at ${existing.path}`, 'conflict');
    }
    const name = existing?.name ?? req.name ?? uniqueName(core, plan, dir);
    appName = name;
    if (core.deploying.has(name)) throw new UserError(`A deploy of ${name} is already running`, 'conflict');
    core.deploying.add(name);
    try {
      progress(`-----> ${describeKind(plan)} app detected (${name})`);
      step = 'build';
      progress();
      const built = await build({
        plan, app: name, dataDir: core.config.dataDir,
        env: { ...hostEnvironment(), ...(existing?.config ?? {}) },
        onLine: (line) => progress(line),
      });
      return await core.withAppLock(name, async () => {
        step = 'release';
        progress();
        // Re-read under the lock: config, scale or settings changes made during the build must survive.
        const current = core.registry.find(name);
        if (existing && !current) throw new UserError(`${name} was destroyed while it was being built`, 'conflict');
        if (!existing && current) throw new UserError(`Name ${name} was taken while this deploy was building`, 'conflict');
        const draft = await draftRecord(core, name, dir, plan, built, current);
        const version = addRelease(draft, current ? `Deploy ${new Date().toISOString()}` : 'Initial release');
        if (plan.releaseCommand) {
          progress(`-----> Running release command: ${plan.releaseCommand}`);
          await runReleaseCommand(plan.releaseCommand, { cwd: dir, env: dynoEnvironment(draft), onLine: (line) => progress(line) });
        }
        if (current) core.registry.update(name, (rec) => Object.assign(rec, draft));
        else core.registry.add(draft);
        core.logs.add(name, 'dynodesk', 'api', `Release v${version} created (${describeKind(plan)})`);
        step = 'start';
        progress(`-----> Starting ${Object.entries(draft.formation).map(([t, q]) => `${t}=${q}`).join(' ') || 'no dynos'}`);
        core.deploying.delete(name);
        await core.applyFormation(core.registry.get(name));
        core.appChanged(name);
        core.emit({ event: 'deploy.progress', payload: { deployId: req.deployId, app: name, step, status: 'done', message: `Deployed ${name} v${version}` } });
        return { name, release: version };
      });
    } finally {
      core.deploying.delete(name);
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    core.emit({ event: 'deploy.progress', payload: { deployId: req.deployId, app: appName, step, status: 'failed', message } });
    throw err;
  }
}

function describeKind(plan: BuildPlan): string {
  return { node: 'Node.js', python: 'Python', static: 'Static site', procfile: 'Procfile' }[plan.kind];
}

function uniqueName(core: EngineCore, plan: BuildPlan, dir: string): string {
  const base = slugifyAppName(plan.suggestedName ?? basename(dir));
  if (!core.registry.find(base)) return base;
  for (let i = 2; i < 1000; i++) {
    const candidate = `${base.slice(0, 30 - String(i).length - 1)}-${i}`;
    if (!core.registry.find(candidate)) return candidate;
  }
  throw new UserError(`Could not pick a free name for ${dir}: pass --name`);
}

async function draftRecord(core: EngineCore, name: string, dir: string, plan: BuildPlan, built: BuildResult, existing: AppRecord | undefined): Promise<AppRecord> {
  const config = { ...(existing?.config ?? {}) };
  const appJsonDefaults: Record<string, string> = {};
  const missing: string[] = [];
  for (const [key, spec] of Object.entries(plan.appJsonEnv)) {
    if (spec.generator === 'secret' && config[key] === undefined) {
      // Heroku generates these once, at app creation, and keeps them as config vars.
      config[key] = randomBytes(32).toString('hex');
    } else if (spec.value !== undefined) {
      appJsonDefaults[key] = spec.value;
    } else if (spec.required && config[key] === undefined && plan.dotenv[key] === undefined) {
      missing.push(key);
    }
  }
  if (missing.length > 0) {
    throw new UserError(`app.json requires ${missing.join(', ')}: add ${missing.length > 1 ? 'them' : 'it'} to the project's .env${existing ? ` or run \`dynodesk config:set ${missing[0]}=… -a ${name}\`` : ''}`);
  }
  const buildInfo: BuildInfo = {
    kind: plan.kind,
    commands: { ...plan.processTypes },
    releaseCommand: plan.releaseCommand,
    pathPrepend: [...built.pathPrepend],
    buildEnv: { ...built.env },
    dotenv: { ...plan.dotenv },
    appJsonDefaults,
  };
  const formation: Record<string, number> = {};
  for (const type of Object.keys(plan.processTypes)) {
    formation[type] = existing?.formation[type] ?? plan.formation[type] ?? (type === 'web' ? 1 : 0);
  }
  // app.json may ask for more than an app may run: refuse before anything is recorded.
  const problem = formationProblem(Object.keys(plan.processTypes), formation, MAX_DYNOS_PER_TYPE, MAX_DYNOS_PER_APP);
  if (problem) throw new UserError(`app.json formation: ${problem}`);
  return {
    name,
    path: dir,
    port: existing?.port ?? await allocateAppPort(core.routerPort, core.config.routerHost, usedPorts(core)),
    formation,
    config,
    settings: existing ? { ...existing.settings } : { ...DEFAULT_APP_SETTINGS },
    releases: existing ? structuredClone(existing.releases) : [],
    build: buildInfo,
  };
}

function usedPorts(core: EngineCore): Set<number> {
  const used = core.registry.usedPorts();
  used.add(core.routerPort);
  if (core.dashboard) used.add(core.dashboard.port);
  return used;
}

