// The parts of package.json the Node buildpack needs.
import { UserError } from '../errors.js';
import { parseJsonText } from './json-file.js';

export interface PackageInfo {
  scripts: Record<string, string>;
  /** Number of dependencies of every kind npm installs. */
  dependencyCount: number;
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
  return { scripts, dependencyCount };
}
