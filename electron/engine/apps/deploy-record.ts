// The app record a successful build turns into: build info pointing at the new slug, config vars
// (app.json secrets generated once), the formation for the process types it has now.
import { randomBytes } from 'node:crypto';
import { formationProblem } from '../../../shared/validation.js';
import { DEFAULT_APP_SETTINGS, MAX_DYNOS_PER_APP, MAX_DYNOS_PER_TYPE } from '../../../shared/defaults.js';
import type { BuildPlan, BuildResult } from '../build/types.js';
import type { EngineCore } from '../engine-core.js';
import { UserError } from '../errors.js';
import type { AppRecord, BuildInfo } from './app-record.js';
import { allocateAppPort } from './app-port.js';
import { missingConfigError, missingRequiredConfig } from './required-config.js';

export interface BuiltSlug {
  plan: BuildPlan;
  built: BuildResult;
  slug: string;
  commit?: string;
  /** The app's folder to record: the one deployed, or (git pushes) whatever it was. */
  path: string | null;
}

export async function draftRecord(core: EngineCore, name: string, from: BuiltSlug, existing: AppRecord | undefined, env: Record<string, string>): Promise<AppRecord> {
  const { plan, built } = from;
  const config = { ...(existing?.config ?? {}), ...env };
  const appJsonDefaults: Record<string, string> = {};
  for (const [key, spec] of Object.entries(plan.appJsonEnv)) {
    if (spec.generator === 'secret' && config[key] === undefined) {
      // Heroku generates these once, at app creation, and keeps them as config vars.
      config[key] = randomBytes(32).toString('hex');
    } else if (spec.value !== undefined) {
      appJsonDefaults[key] = spec.value;
    }
  }
  // Checked again: a config:unset during the build may have taken one away.
  const missing = missingRequiredConfig(plan.appJsonEnv, config, plan.dotenv);
  if (missing.length > 0) throw missingConfigError(missing, existing ? name : null);
  const buildInfo: BuildInfo = {
    kind: plan.kind,
    commands: { ...plan.processTypes },
    releaseCommand: plan.releaseCommand,
    pathPrepend: [...built.pathPrepend],
    buildEnv: { ...built.env },
    dotenv: { ...plan.dotenv },
    appJsonDefaults,
    slug: from.slug,
    ...(from.commit === undefined ? {} : { commit: from.commit }),
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
    path: from.path,
    port: existing?.port ?? await allocateAppPort(core.routerPort, core.config.routerHost, usedPorts(core)),
    formation,
    config,
    settings: existing ? { ...existing.settings } : { ...DEFAULT_APP_SETTINGS },
    releases: existing ? structuredClone(existing.releases) : [],
    build: buildInfo,
    addonConfigKeys: existing ? [...existing.addonConfigKeys] : [],
  };
}

export function usedPorts(core: EngineCore): Set<number> {
  const used = core.registry.usedPorts();
  used.add(core.routerPort);
  if (core.dashboard) used.add(core.dashboard.port);
  return used;
}
