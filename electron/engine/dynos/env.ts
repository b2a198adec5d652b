// The environment a dyno sees: the release's env plus PORT/DYNO/PS, minus anything of the engine's own.
import { isEngineVariable } from '../private-variables.js';

export interface DynoIdentity {
  /** "web.1", "run.1" */
  name: string;
  /** null for one-off dynos started synchronously without a port */
  port: number | null;
}

export function buildDynoEnv(releaseEnv: Record<string, string>, dyno: DynoIdentity): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(releaseEnv)) {
    if (typeof value !== 'string' || isEngineVariable(key)) continue;
    env[key] = value;
  }
  if (dyno.port !== null) env.PORT = String(dyno.port);
  else delete env.PORT;
  env.DYNO = dyno.name;
  env.PS = dyno.name;
  return env;
}
