// app.json: the Heroku manifest. We honour `name`, `formation`, `env` and `addons`; everything else
// (buildpacks, scripts.postdeploy, …) is ignored because it has no local meaning.
import { MAX_DYNOS_PER_TYPE } from '../../../shared/defaults.js';
import { PROCESS_TYPE_RE, configKeyProblem } from '../../../shared/validation.js';
import { UserError } from '../errors.js';
import { parseJsonText } from './json-file.js';
import { attachmentVar } from '../addons/services.js';
import type { AppJsonAddon, AppJsonEnvSpec } from './types.js';

export interface ParsedAppJson {
  name: string | null;
  formation: Record<string, number>;
  env: Record<string, AppJsonEnvSpec>;
  addons: AppJsonAddon[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(message: string): never {
  throw new UserError(`app.json: ${message}`);
}

export function parseAppJson(text: string): ParsedAppJson {
  const root = parseJsonText(text, 'app.json');
  if (!isObject(root)) fail('expected a JSON object at the top level');
  return {
    name: parseName(root['name']),
    formation: parseFormation(root['formation']),
    env: parseEnv(root['env']),
    addons: parseAddons(root['addons']),
  };
}

function parseName(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') fail('"name" must be a string');
  const name = v.trim();
  return name === '' ? null : name;
}

function parseQuantity(type: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_DYNOS_PER_TYPE) {
    fail(`formation.${type}.quantity must be an integer from 0 to ${MAX_DYNOS_PER_TYPE}, got ${JSON.stringify(v) ?? 'nothing'}`);
  }
  return v;
}

/** Heroku's form is `{"web": {"quantity": 2}}`; a plain number is accepted too. */
function parseFormation(v: unknown): Record<string, number> {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) fail('"formation" must be an object like {"web": {"quantity": 1}}');
  const out: Record<string, number> = {};
  for (const [type, spec] of Object.entries(v)) {
    if (!PROCESS_TYPE_RE.test(type)) fail(`formation: invalid process type ${JSON.stringify(type)}`);
    if (typeof spec === 'number') {
      out[type] = parseQuantity(type, spec);
    } else if (isObject(spec)) {
      // `size` and other keys are Heroku dyno sizes: meaningless locally, so ignored.
      out[type] = spec['quantity'] === undefined ? 1 : parseQuantity(type, spec['quantity']);
    } else {
      fail(`formation.${type} must be an object like {"quantity": 1} or a number`);
    }
  }
  return out;
}

function parseEnv(v: unknown): Record<string, AppJsonEnvSpec> {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) fail('"env" must be an object');
  const out: Record<string, AppJsonEnvSpec> = {};
  for (const [key, raw] of Object.entries(v)) {
    const problem = configKeyProblem(key);
    if (problem) fail(`env: ${problem}`);
    out[key] = parseEnvSpec(key, raw);
  }
  return out;
}

function parseEnvSpec(key: string, raw: unknown): AppJsonEnvSpec {
  if (typeof raw === 'string') return { value: raw };
  if (!isObject(raw)) fail(`env.${key} must be a string or an object like {"value": "…", "required": true}`);
  const spec: AppJsonEnvSpec = {};
  const { value, description, required, generator } = raw;
  if (value !== undefined) {
    if (typeof value !== 'string') fail(`env.${key}.value must be a string`);
    spec.value = value;
  }
  if (description !== undefined) {
    if (typeof description !== 'string') fail(`env.${key}.description must be a string`);
    spec.description = description;
  }
  if (required !== undefined) {
    if (typeof required !== 'boolean') fail(`env.${key}.required must be true or false`);
    spec.required = required;
  }
  if (generator !== undefined) {
    if (generator !== 'secret') fail(`env.${key}.generator ${JSON.stringify(generator)} is not supported (only "secret")`);
    spec.generator = 'secret';
  }
  return spec;
}

/**
 * `["heroku-postgresql", {"plan": "heroku-redis:mini", "as": "CACHE"}]`. The shape and attachment names
 * are checked now, so a typo fails the deploy before anything is built; services with no local
 * counterpart (papertrail, sendgrid…) are kept and skipped at provisioning with a note, so an
 * app.json written for Heroku deploys unchanged.
 */
function parseAddons(v: unknown): AppJsonAddon[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail('"addons" must be an array like ["heroku-postgresql", {"plan": "heroku-redis", "as": "CACHE"}]');
  return v.map((entry, i): AppJsonAddon => {
    const spec = typeof entry === 'string' ? { plan: entry } : isObject(entry) ? entry : fail(`addons[${i}] must be a string or an object like {"plan": "heroku-postgresql"}`);
    const { plan, as } = spec;
    if (typeof plan !== 'string' || plan.trim() === '') fail(`addons[${i}].plan must be a string such as "heroku-postgresql"`);
    if (as !== undefined && typeof as !== 'string') fail(`addons[${i}].as must be a string`);
    if (typeof as === 'string') {
      try {
        attachmentVar(as);
      } catch (err) {
        fail(`addons[${i}]: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return typeof as === 'string' ? { service: plan, as } : { service: plan };
  });
}
