// The contract between the engine and detection/buildpacks.
import type { ProcessRecorder } from '../dynos/run-recorder.js';

export type BuildpackKind = 'node' | 'python' | 'static' | 'procfile';

export interface AppJsonEnvSpec {
  value?: string;
  description?: string;
  required?: boolean;
  generator?: 'secret';
}

/** An app.json `addons` entry: the service (heroku-postgresql, heroku-redis:mini…) and its attachment name. */
export interface AppJsonAddon {
  service: string;
  as?: string;
}

export interface BuildPlan {
  /** Absolute path of the folder to build in: the new slug (a copy of the source), never the user's folder. */
  dir: string;
  kind: BuildpackKind;
  /** Process type → shell command, from the Procfile or the buildpack's default (`web: npm start`). */
  processTypes: Record<string, string>;
  /** Procfile `release:` command, run once after build and before dynos start. */
  releaseCommand: string | null;
  /** app.json `formation` quantities (type → qty), if any. */
  formation: Record<string, number>;
  /** app.json `env` specs. */
  appJsonEnv: Record<string, AppJsonEnvSpec>;
  /** app.json `addons`, provisioned on the app's first deploy. */
  addons: AppJsonAddon[];
  /** `.env` values from the folder. */
  dotenv: Record<string, string>;
  /** app.json `name`, if it has one (a default for the app name). */
  suggestedName: string | null;
}

export interface BuildContext {
  plan: BuildPlan;
  app: string;
  /** Engine data directory (runtimes downloaded for engines.node live there). */
  dataDir: string;
  /** Environment for build commands (already stripped of Electron/engine secrets). */
  env: Record<string, string>;
  /** Called with each line of build output, without the trailing newline. */
  onLine: (line: string) => void;
  signal?: AbortSignal;
  /** Records each build step's process in the engine's orphan record while it runs. */
  recorder?: ProcessRecorder;
  /** The app's build cache folder (dependencies kept between builds); none: install afresh. */
  cacheDir?: string;
}

export interface BuildResult {
  /** Folders to put in front of PATH for every dyno (node_modules/.bin, the venv's bin, …). */
  pathPrepend: string[];
  /** Extra env for dynos (e.g. VIRTUAL_ENV). Lowest precedence. */
  env: Record<string, string>;
}
