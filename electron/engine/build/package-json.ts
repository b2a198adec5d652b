// The parts of package.json the Node buildpack needs.
import semver from 'semver';
import { UserError } from '../errors.js';
import { parseJsonText } from './json-file.js';

export interface PackageInfo {
  scripts: Record<string, string>;
  /** Number of dependencies of every kind npm installs. */
  dependencyCount: number;
  /** `engines.node`, a semver range (checked here so a typo fails at detection), or null. */
  enginesNode: string | null;
  /** The `packageManager` field (e.g. "yarn@4.5.0"), or null. */
  packageManager: string | null;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;

export function parsePackageJson(text: string): PackageInfo {
  const root = parseJsonText(text, 'package.json');
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw new UserError('package.json: expected a JSON object at the top level');
  }
  const record = root as Record<string, unknown>;
  const scripts: Record<string, string> = {};
  const rawScripts = record['scripts'];
  if (typeof rawScripts === 'object' && rawScripts !== null && !Array.isArray(rawScripts)) {
    for (const [name, cmd] of Object.entries(rawScripts)) {
      if (typeof cmd === 'string' && cmd.trim() !== '') scripts[name] = cmd;
    }
  }
  let dependencyCount = 0;
  for (const field of DEPENDENCY_FIELDS) {
    const deps = record[field];
    if (typeof deps === 'object' && deps !== null && !Array.isArray(deps)) dependencyCount += Object.keys(deps).length;
  }
  return { scripts, dependencyCount, enginesNode: enginesNodeOf(record['engines']), packageManager: stringOrNull(record['packageManager']) };
}

function enginesNodeOf(engines: unknown): string | null {
  if (typeof engines !== 'object' || engines === null || Array.isArray(engines)) return null;
  const range = (engines as Record<string, unknown>)['node'];
  if (range === undefined) return null;
  if (typeof range !== 'string' || semver.validRange(range) === null) {
    throw new UserError(`package.json: engines.node ${JSON.stringify(range)} is not a version range (examples: "18.x", "^22.11.0", ">=20 <23")`);
  }
  return range.trim() === '' ? null : range.trim();
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
