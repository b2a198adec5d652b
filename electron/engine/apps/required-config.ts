// app.json `required` config vars: which still lack a value, and the error that asks for them.
import type { RequiredConfigVar } from '../../../shared/types.js';
import type { AppJsonEnvSpec } from '../build/types.js';
import { UserError } from '../errors.js';

/**
 * Required vars that nothing fills: not a config var (nor given with this deploy), not in .env, and
 * with no app.json default or generator (those fill themselves, as on Heroku).
 */
export function missingRequiredConfig(
  specs: Record<string, AppJsonEnvSpec>,
  config: Record<string, string>,
  dotenv: Record<string, string>,
): RequiredConfigVar[] {
  const missing: RequiredConfigVar[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    if (!spec.required || spec.value !== undefined || spec.generator !== undefined) continue;
    if (config[name] !== undefined || dotenv[name] !== undefined) continue;
    missing.push({ name, description: spec.description ?? null });
  }
  return missing;
}

/** The message names every way to give a value; `missingConfig` lets a UI ask for them in a form. */
export function missingConfigError(missing: RequiredConfigVar[], existingApp: string | null): UserError {
  const names = missing.map((v) => v.name);
  const first = names[0] ?? 'KEY';
  const ways = [
    `deploy with --env ${first}=…${names.length > 1 ? ' (once per variable)' : ''}`,
    ...(existingApp ? [`run \`dynodesk config:set ${first}=… -a ${existingApp}\``] : []),
    `add ${names.length > 1 ? 'them' : 'it'} to the project's .env`,
  ];
  return new UserError(
    `app.json requires ${names.join(', ')}, which ${names.length > 1 ? 'have' : 'has'} no value: ${ways.join(', or ')}`,
    'invalid',
    { missingConfig: missing },
  );
}
