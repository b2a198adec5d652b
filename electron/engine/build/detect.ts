// Detection: look at a folder the way Heroku's buildpacks do and say how to run it.
// Everything that can be wrong with the folder is reported here, before anything is built.
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { parseAppJson, type ParsedAppJson } from './app-json.js';
import { parseDotenv } from './dotenv.js';
import { assertFolder, isFile, readOptional } from './fs-read.js';
import { parsePackageJson } from './package-json.js';
import { parseProcfile, type ParsedProcfile } from './procfile.js';
import { staticServerCommand } from './static-command.js';
import type { BuildPlan, BuildpackKind } from './types.js';

const LOOKED_FOR = 'Procfile, package.json, requirements.txt, pyproject.toml, index.html';

export interface DetectOptions {
  /** How messages name the source (the user's folder, "the pushed commit abc1234") when `input` is a copy of it. */
  label?: string;
  /** Where `.env` is read from: the user's folder, whose .env a snapshot leaves out when .gitignore lists it (as `heroku local` reads it). */
  dotenvDir?: string;
}

export async function detect(input: string, opts: DetectOptions = {}): Promise<BuildPlan> {
  if (typeof input !== 'string' || input.trim() === '') throw new UserError('No folder given: pass the path of an app folder');
  const dir = resolve(input);
  const label = opts.label ?? dir;
  await assertFolder(dir);

  const procfileText = await readOptional(join(dir, 'Procfile'), 'Procfile');
  const appJsonText = await readOptional(join(dir, 'app.json'), 'app.json');
  const dotenvText = await readOptional(join(opts.dotenvDir ?? dir, '.env'), '.env');
  const packageText = await readOptional(join(dir, 'package.json'), 'package.json');

  const procfile: ParsedProcfile | null = procfileText === null ? null : parseProcfile(procfileText);
  const appJson: ParsedAppJson = appJsonText === null ? { name: null, formation: {}, env: {}, addons: [] } : parseAppJson(appJsonText);
  const dotenv = dotenvText === null ? {} : parseDotenv(dotenvText);

  const kind = await detectKind(dir, label, packageText !== null, procfile !== null);
  const fromProcfile = procfile?.processTypes ?? {};
  const processTypes = Object.keys(fromProcfile).length > 0 ? fromProcfile : await defaultProcessTypes(kind, dir, label, packageText);
  if (packageText !== null) parsePackageJson(packageText); // a broken package.json fails the deploy here, not mid-build

  for (const type of Object.keys(appJson.formation)) {
    if (!(type in processTypes)) {
      throw new UserError(`app.json: formation names process type "${type}", but the app only has ${Object.keys(processTypes).join(', ')}`);
    }
  }

  return {
    dir,
    kind,
    processTypes,
    releaseCommand: procfile?.releaseCommand ?? null,
    formation: appJson.formation,
    appJsonEnv: appJson.env,
    addons: appJson.addons,
    dotenv,
    suggestedName: appJson.name,
  };
}

/** Heroku's order: a language buildpack wins over a bare Procfile; a static site only when nothing else runs. */
async function detectKind(dir: string, label: string, hasPackageJson: boolean, hasProcfile: boolean): Promise<BuildpackKind> {
  if (hasPackageJson) return 'node';
  if ((await isFile(join(dir, 'requirements.txt'))) || (await isFile(join(dir, 'pyproject.toml')))) return 'python';
  if (hasProcfile) return 'procfile';
  if (await isFile(join(dir, 'index.html'))) return 'static';
  throw new UserError(`Nothing to run in ${label}: looked for ${LOOKED_FOR}`);
}

async function defaultProcessTypes(kind: BuildpackKind, dir: string, label: string, packageText: string | null): Promise<Record<string, string>> {
  switch (kind) {
    case 'node': {
      const pkg = parsePackageJson(packageText ?? '{}');
      // `npm start` falls back to `node server.js` when there is no start script.
      if (pkg.scripts['start'] !== undefined || (await isFile(join(dir, 'server.js')))) return { web: 'npm start' };
      throw new UserError(
        `No Procfile in ${label}, and package.json has no "start" script and there is no server.js: add a start script or a Procfile (e.g. "web: node index.js")`,
      );
    }
    case 'python':
      if (await isFile(join(dir, 'app.py'))) return { web: 'python app.py' };
      throw new UserError(`No Procfile in ${label} and no app.py: add a Procfile that says how to start the app (e.g. "web: gunicorn app:app")`);
    case 'static':
      return { web: staticServerCommand(dir) };
    case 'procfile':
      throw new UserError(`The Procfile in ${label} defines no process types (add a line like "web: ./start.sh")`);
  }
}
