// What an export needs to know about an app, gathered once from its current release; every target
// (compose-writer.ts, kubernetes-writer.ts) is a pure function of this. Nothing here is host-specific
// except `sourceDir`, which only the compose writer uses, as the build context.

export type NodePackageManager = 'npm' | 'pnpm' | 'yarn' | 'yarn-berry';

/** How to build the image: what detection and the buildpack found in the release's slug. */
export type BuildSpec =
  | {
    kind: 'node';
    /** Major version for the image tag ("22"), from engines.node or the Node this machine runs. */
    nodeMajor: string;
    /** Where nodeMajor came from, for the Dockerfile's comment. */
    nodeSource: string;
    manager: NodePackageManager;
    /** null: nothing to install (no dependencies). */
    installCommand: string | null;
    /** heroku-postbuild or build, as the buildpack runs it; null when neither exists. */
    buildCommand: string | null;
  }
  | {
    kind: 'python';
    /** "3.12" or "3.12.4", for the image tag. */
    pythonVersion: string;
    pythonSource: string;
    /** requirements.txt, the [project] dependencies of pyproject.toml, or nothing to install. */
    requirements: { from: 'requirements.txt' } | { from: 'pyproject.toml'; dependencies: string[] } | null;
  }
  | { kind: 'static' }
  /** A bare Procfile: the base image is guessed from the commands' first words. */
  | { kind: 'procfile'; runtime: 'node' | 'python' | 'none'; nodeMajor: string; pythonVersion: string };

export interface ProcessSpec {
  type: string;
  /** The Procfile command (a shell command line); null: the image's own command (static sites). */
  command: string | null;
  replicas: number;
  /** The largest resident memory a running dyno of this type was measured at, or null when none runs. */
  measuredMemoryBytes: number | null;
}

export type AddonKind = 'postgres' | 'redis';

export interface AddonSpec {
  kind: AddonKind;
  /** The add-on's name here (postgresql-shaped-12345), for comments. */
  addonName: string;
  /** The config var the app reads it from: DATABASE_URL, REDIS_URL, CACHE_URL… */
  configVar: string;
  /** The service's name in the export, unique per export: "postgres", "redis", "redis-cache". */
  serviceName: string;
  /** Credentials carried over from the local add-on (its URL), so the app's secrets file stays the only place they live. */
  user: string;
  password: string;
  /** Postgres: the database; Redis: ''. */
  database: string;
}

export interface ExportModel {
  app: string;
  dynodeskVersion: string;
  release: number;
  build: BuildSpec;
  /** Sorted with `web` first, then by name. */
  processes: ProcessSpec[];
  releaseCommand: string | null;
  /** What the app's processes see, add-on variables excluded (they are rewritten per target): app.json defaults < config vars. */
  config: Record<string, string>;
  addons: AddonSpec[];
  /** The app's memory quota (R14), the limit a container gets. */
  memoryQuotaMb: number;
  /** The app's folder (absolute) for the compose build context; null for an app deployed by git push. */
  sourceDir: string | null;
}

/** The port a web container listens on; Heroku's convention inside containers. */
export const CONTAINER_PORT = 5000;
