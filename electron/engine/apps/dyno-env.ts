import { delimiter } from 'node:path';
import { isEngineVariable } from '../private-variables.js';
import type { AppRecord } from './app-record.js';

export function hostEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined && !isEngineVariable(k)) out[k] = v;
  }
  return out;
}

/**
 * A dyno's environment, lowest precedence first: the host's, the buildpack's, `.env`, app.json
 * defaults, config vars. PORT/DYNO/PS are added per dyno by the supervisor.
 */
export function dynoEnvironment(app: AppRecord, host: Record<string, string> = hostEnvironment()): Record<string, string> {
  const build = app.build;
  const env: Record<string, string> = { ...host, ...(build?.buildEnv ?? {}), ...(build?.dotenv ?? {}), ...(build?.appJsonDefaults ?? {}), ...app.config };
  const pathKey = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  const prepend = build?.pathPrepend ?? [];
  if (prepend.length > 0) env[pathKey] = [...prepend, env[pathKey] ?? ''].filter(Boolean).join(delimiter);
  env.DYNODESK_APP = app.name;
  delete env.PORT;
  delete env.DYNO;
  delete env.PS;
  return env;
}
