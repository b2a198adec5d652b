import { basename, isAbsolute, resolve } from 'node:path';
import type { DeployStep } from '../../../shared/types.js';
import { appNameProblem, configKeyProblem, configSizeProblem, configValueProblem, slugifyAppName } from '../../../shared/validation.js';
import { build, detect } from '../build/index.js';
import type { BuildPlan } from '../build/types.js';
import type { EngineCore } from '../engine-core.js';
import { UserError } from '../errors.js';
import { snapshotFolder } from '../slugs/snapshot.js';
import type { AppRecord } from './app-record.js';
import { draftRecord } from './deploy-record.js';
import { dynoEnvironment, hostEnvironment } from './dyno-env.js';
import { addRelease } from './registry.js';
import { settleRelease } from './release-outcome.js';
import { runReleasePhase } from './release-phase.js';
import { missingConfigError, missingRequiredConfig } from './required-config.js';

export interface DeployRequest {
  /** Absolute: relative to what would be a guess (the engine's own folder is nobody's project). */
  path: string;
  name?: string;
  deployId: string;
  /** Config vars to set with this release (the CLI's `--env`, the deploy form's required vars). */
  env?: Record<string, string>;
  /**
   * `path` holds a pushed commit, exported by the git hook: deploy it to the existing app `name`
   * as a git release, leaving the app's folder (if it has one) as it is.
   */
  git?: { commit: string };
}

export interface DeployOutcome {
  name: string;
  release: number;
  /** The release is recorded, but its roll stopped: why, and what serves instead. */
  warning: string | null;
}

/**
 * detect → snapshot → build → release → start. The build runs on a copy of the source in a new
 * slug; nothing is recorded until build and release command succeed, so a failed deploy leaves
 * the running release (and the registry) untouched and its partial slug is removed.
 *
 * One build per app at a time: a second deploy or push while one builds is refused (it says so),
 * rather than queued behind a build that may take minutes.
 */
export async function deploy(core: EngineCore, req: DeployRequest): Promise<DeployOutcome> {
  let appName: string | null = null;
  let step: DeployStep = 'detect';
  const progress = (line?: string): void => {
    core.emit({ event: 'deploy.progress', payload: { deployId: req.deployId, app: appName, step, status: 'running', ...(line === undefined ? {} : { line }) } });
  };
  try {
    progress();
    if (!isAbsolute(req.path)) {
      throw new UserError(`path must be absolute, got "${req.path}"`);
    }
    const source = resolve(req.path);
    if (req.name !== undefined) {
      const problem = appNameProblem(req.name);
      if (problem) throw new UserError(problem);
    }
    const env = req.env ?? {};
    for (const [key, value] of Object.entries(env)) {
      const problem = configKeyProblem(key) ?? configValueProblem(key, value);
      if (problem) throw new UserError(problem);
    }
    const label = req.git ? `the pushed commit ${req.git.commit.slice(0, 7)}` : source;
    // A first look at the source itself (read only): a folder with nothing to run fails before it is copied.
    const first = await detect(source, { label });
    const existing = findTarget(core, req, source);
    const name = existing?.name ?? req.name ?? uniqueName(core, first, source);
    appName = name;
    if (core.deploying.has(name)) {
      throw new UserError(`A build of ${name} is already running: wait for it to finish, then deploy again`, 'conflict');
    }
    // Config vars given with a deploy obey config:set's size rule.
    const sizeProblem = Object.keys(env).length > 0 ? configSizeProblem({ ...(existing?.config ?? {}), ...env }) : null;
    if (sizeProblem) throw new UserError(sizeProblem);
    // Before the build, so nobody waits minutes to be told a variable is missing.
    const missing = missingRequiredConfig(first.appJsonEnv, { ...(existing?.config ?? {}), ...env }, first.dotenv);
    if (missing.length > 0) throw missingConfigError(missing, existing?.name ?? null);
    core.deploying.add(name);
    let slug: { id: string; dir: string } | null = null;
    try {
      progress(`-----> ${describeKind(first)} app detected (${name})`);
      step = 'build';
      progress();
      slug = await core.slugs.create(name);
      const copied = await snapshotFolder(source, slug.dir, { onLine: (line) => progress(line) });
      if (!req.git) progress(`-----> Copied ${copied.files} files into a new slug${copied.listedBy === 'git' ? ' (as listed by git: .gitignore applies)' : ''}`);
      // The plan that counts is the slug's: what .gitignore and .slugignore left of the source.
      const plan = await detect(slug.dir, { label, ...(req.git ? {} : { dotenvDir: source }) });
      const built = await build({
        plan, app: name, dataDir: core.config.dataDir,
        env: { ...hostEnvironment(), ...(existing?.config ?? {}), ...env },
        onLine: (line) => progress(line),
        recorder: core.supervisor.processRecorder(name, 'build'),
        cacheDir: core.slugs.cacheDir(name),
      });
      const slugDir = slug.dir;
      const slugId = slug.id;
      const recorded = await core.withAppLock(name, async () => {
        step = 'release';
        progress();
        // Re-read under the lock: config, scale or settings changes made during the build must survive.
        const current = core.registry.find(name);
        if (existing && !current) throw new UserError(`${name} was destroyed while it was being built`, 'conflict');
        if (!existing && current) throw new UserError(`Name ${name} was taken while this deploy was building`, 'conflict');
        const draft = await draftRecord(core, name, {
          plan, built, slug: slugId,
          ...(req.git ? { commit: req.git.commit } : {}),
          path: req.git ? (current?.path ?? null) : source,
        }, current, env);
        const given = Object.keys(env);
        const setVars = given.length > 0 ? ` (set ${given.join(', ')} config vars)` : '';
        const what = req.git ? `Deploy ${req.git.commit.slice(0, 8)}` : current?.build ? `Deploy ${new Date().toISOString()}` : 'Initial release';
        const version = addRelease(draft, `${what}${setVars}`, req.git ? 'git' : 'folder');
        // app.json add-ons, on the first deploy only (as on Heroku), before the release phase that may migrate them.
        const addons = current?.build ? [] : await core.addons.provisionForDeploy(name, plan.addons, draft, (line) => progress(line));
        try {
          if (plan.releaseCommand) {
            progress(`-----> Running release command: ${plan.releaseCommand}`);
            await runReleasePhase(core, {
              app: name, version, command: plan.releaseCommand, cwd: slugDir, env: dynoEnvironment(draft), onLine: (line) => progress(line),
            });
          }
          if (current) core.registry.update(name, (rec) => Object.assign(rec, draft));
          else core.registry.add(draft);
        } catch (err) {
          // Nothing is recorded, so nothing may stay provisioned for it either.
          await core.addons.discard(addons);
          throw err;
        }
        core.slugs.finished(name, slugId);
        core.logs.add(name, 'dynodesk', 'api', `Release v${version} created (${describeKind(plan)}${req.git ? `, commit ${req.git.commit.slice(0, 8)}` : ''})`);
        step = 'start';
        progress(`-----> Starting ${Object.entries(draft.formation).map(([t, q]) => `${t}=${q}`).join(' ') || 'no dynos'}`);
        core.deploying.delete(name);
        await core.applyFormation(core.registry.get(name));
        core.appChanged(name);
        core.emit({ event: 'deploy.progress', payload: { deployId: req.deployId, app: name, step, status: 'done', message: `Deployed ${name} v${version}` } });
        return { name, release: version, rollout: core.supervisor.rolloutDone(name) };
      });
      slug = null;
      // Outside the lock, like config changes: a roll may last a boot timeout.
      return { name, release: recorded.release, warning: await settleRelease(core, name, recorded.release, recorded.rollout) };
    } catch (err) {
      // Destroyed during its build (its slug removed under it): that is the reason, not whatever the build tripped over.
      if (existing && !core.registry.find(name)) throw new UserError(`${name} was destroyed while it was being built`, 'conflict');
      throw diskFull(err) ?? err;
    } finally {
      // A slug no release took (the build or release phase failed): nothing may run from it.
      if (slug) await core.slugs.discard(name, slug.id).catch(() => undefined);
      core.slugs.cacheChanged(name);
      core.deploying.delete(name);
      // A first deploy that failed leaves no app, so nobody could read its log: don't keep one.
      if (!core.registry.find(name)) core.logs.remove(name);
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    core.emit({ event: 'deploy.progress', payload: { deployId: req.deployId, app: appName, step, status: 'failed', message } });
    throw err;
  }
}

/** The app this deploy updates: a git push names it; a folder deploy finds it by name or folder. */
function findTarget(core: EngineCore, req: DeployRequest, source: string): AppRecord | undefined {
  if (req.git) {
    if (req.name === undefined) throw new UserError('A git deploy must name its app', 'invalid');
    // Pushed to an app destroyed since its remote was added.
    return core.registry.get(req.name);
  }
  const existing = req.name !== undefined ? core.registry.find(req.name) : core.registry.findByPath(source);
  if (existing && existing.path !== source) {
    const where = existing.path === null ? 'an app deployed with git push' : `the app at ${existing.path}`;
    throw new UserError(`Name ${existing.name} is already taken by ${where}`, 'conflict');
  }
  return existing;
}

/** ENOSPC from a build tool reaches us as its output; from our own copying, as an error code. */
function diskFull(err: unknown): UserError | null {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code !== 'ENOSPC' && code !== 'EDQUOT') return null;
  return new UserError('The disk is full: the build could not be written. Free some space and deploy again; the running release was not changed.', 'failed');
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
