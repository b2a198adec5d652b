// The Compose target: compose.yaml (Compose specification) with one service per process type, the
// release command as a one-shot service everything waits for, and each add-on on its official
// image with a named volume. Secrets go to env files beside it (app.env, <addon>.env), never here.
import type { ExportFile } from '../../../shared/export.js';
import { addonServerEnv, addonUrlAt, POSTGRES_IMAGE, REDIS_IMAGE } from './addon-specs.js';
import { imageFiles } from './dockerfile.js';
import { composeEnvLine, envFileText } from './env-file.js';
import { hashHeader, headerLines } from './header.js';
import { CONTAINER_PORT, type AddonSpec, type ExportModel, type ProcessSpec } from './model.js';
import type { Placement } from './placement.js';
import { composeReadme } from './readme.js';
import { yamlText } from './yaml-text.js';

type DependsOn = Record<string, { condition: 'service_healthy' | 'service_completed_successfully' }>;

interface ComposeService {
  image: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  init?: boolean;
  env_file?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[]; interval: string; timeout: string; retries: number };
  depends_on?: DependsOn;
  deploy?: { replicas: number };
  restart: 'no' | 'unless-stopped';
}

const RELEASE_SERVICE = 'release';

export function composeFiles(model: ExportModel, where: Placement): ExportFile[] {
  const header = hashHeader(model);
  return [
    { path: 'compose.yaml', content: yamlText(header, composeDocument(model, where)), secret: false },
    { path: 'app.env', content: appEnv(model), secret: true },
    ...model.addons.map((a) => ({ path: `${a.serviceName}.env`, content: addonEnv(model, a), secret: true })),
    ...imageFiles(model, where),
    { path: 'README.txt', content: composeReadme(model, where), secret: false },
  ];
}

function composeDocument(model: ExportModel, where: Placement): Record<string, unknown> {
  const services: Record<string, ComposeService> = {};
  const addonsReady: DependsOn = {};
  for (const a of model.addons) addonsReady[a.serviceName] = { condition: 'service_healthy' };
  const image = `${model.app}:v${model.release}`;
  const appService = (command: string | null): Omit<ComposeService, 'restart'> => ({
    image,
    build: { context: where.context, dockerfile: where.dockerfile },
    ...(command === null ? {} : { command: shell(command) }),
    // Heroku sends SIGTERM to the process tree; a tiny init passes it on and reaps what the shell leaves.
    init: true,
    env_file: ['app.env'],
  });

  if (model.releaseCommand !== null) {
    services[RELEASE_SERVICE] = {
      ...appService(model.releaseCommand),
      ...(model.addons.length > 0 ? { depends_on: addonsReady } : {}),
      restart: 'no',
    };
  }
  for (const p of model.processes) services[p.type] = processService(p, appService(p.command), model, addonsReady);
  for (const a of model.addons) services[a.serviceName] = addonService(a);

  const volumes: Record<string, Record<string, never>> = {};
  for (const a of model.addons) volumes[volumeName(a)] = {};
  // No top-level `name`: older Compose readers (docker-compose 1.x, the 2021 schema) refuse it; the README says `-p APP`.
  return { services, ...(model.addons.length > 0 ? { volumes } : {}) };
}

function processService(p: ProcessSpec, base: Omit<ComposeService, 'restart'>, model: ExportModel, addonsReady: DependsOn): ComposeService {
  const dependsOn: DependsOn = { ...addonsReady };
  // Heroku's release phase: no new process starts before the release command succeeded.
  if (model.releaseCommand !== null) dependsOn[RELEASE_SERVICE] = { condition: 'service_completed_successfully' };
  const web = p.type === 'web';
  return {
    ...base,
    ...(web ? { environment: { PORT: String(CONTAINER_PORT) }, ports: [publishedPort(p.replicas)] } : {}),
    ...(Object.keys(dependsOn).length > 0 ? { depends_on: dependsOn } : {}),
    deploy: { replicas: p.replicas },
    restart: 'unless-stopped',
  };
}

/**
 * One web container publishes on WEB_PORT (default 5000); several cannot share one host port
 * (Compose has no router), so they get a range, one port each.
 */
function publishedPort(replicas: number): string {
  if (replicas <= 1) return `\${WEB_PORT:-${CONTAINER_PORT}}:${CONTAINER_PORT}`;
  return `\${WEB_PORTS:-${CONTAINER_PORT}-${CONTAINER_PORT + replicas - 1}}:${CONTAINER_PORT}`;
}

function addonService(a: AddonSpec): ComposeService {
  if (a.kind === 'postgres') {
    return {
      image: POSTGRES_IMAGE,
      env_file: [`${a.serviceName}.env`],
      volumes: [`${volumeName(a)}:/var/lib/postgresql/data`],
      healthcheck: { test: ['CMD-SHELL', 'pg_isready -U "$${POSTGRES_USER}" -d "$${POSTGRES_DB}"'], interval: '5s', timeout: '5s', retries: 20 },
      restart: 'unless-stopped',
    };
  }
  return {
    image: REDIS_IMAGE,
    // The password comes from the env file at start, so it is in neither this file nor the image.
    command: ['/bin/sh', '-c', 'exec redis-server --appendonly yes --requirepass "$${REDIS_PASSWORD}"'],
    env_file: [`${a.serviceName}.env`],
    volumes: [`${volumeName(a)}:/data`],
    healthcheck: { test: ['CMD-SHELL', 'redis-cli --no-auth-warning -a "$${REDIS_PASSWORD}" ping | grep -q PONG'], interval: '5s', timeout: '5s', retries: 20 },
    restart: 'unless-stopped',
  };
}

function volumeName(a: AddonSpec): string {
  return `${a.serviceName}-data`;
}

/** A Procfile line runs in a shell; `$` is doubled so Compose leaves $PORT and friends to that shell. */
function shell(command: string): string[] {
  return ['/bin/sh', '-c', command.replace(/\$/g, '$$$$')];
}

function appEnv(model: ExportModel): string {
  const urls: Record<string, string> = {};
  for (const a of model.addons) urls[a.configVar] = addonUrlAt(a, a.serviceName);
  return envFileText(
    [...headerLines(model), 'The app\'s config vars. SECRETS: keep this file out of version control (.gitignore lists it).'],
    [
      { comment: ['Config vars (app.json defaults, then `dynodesk config`)'], vars: model.config },
      ...(model.addons.length > 0 ? [{ comment: ['Add-ons: the same credentials as here, on the Compose services'], vars: urls }] : []),
    ],
    composeEnvLine,
  );
}

function addonEnv(model: ExportModel, a: AddonSpec): string {
  return envFileText(
    [...headerLines(model), `Settings of the ${a.serviceName} service (add-on ${a.addonName}, ${a.configVar}). SECRETS: keep out of version control.`],
    [{ comment: [], vars: addonServerEnv(a) }],
    composeEnvLine,
  );
}
