// A Dockerfile that does what the buildpack did for this release: the same runtime version, the
// same install command (lockfile → package manager), the same build script. Each service of the
// export overrides CMD with its own process type's command; CMD here is the web command.
import type { ExportFile } from '../../../shared/export.js';
import { CONTAINER_PORT, type BuildSpec, type ExportModel } from './model.js';
import { hashHeader } from './header.js';
import { gitignoreText } from './gitignore.js';
import type { Placement } from './placement.js';

/** The files every target writes alike: the image's Dockerfile and ignore list, and the .gitignore that keeps the env files out of git. */
export function imageFiles(model: ExportModel, where: Placement): ExportFile[] {
  return [
    { path: 'Dockerfile', content: dockerfileText(model), secret: false },
    { path: 'Dockerfile.dockerignore', content: dockerignoreText(model, where.exportDirInContext), secret: false },
    { path: '.gitignore', content: gitignoreText(model), secret: false },
  ];
}

export function dockerfileText(model: ExportModel): string {
  const cmd = defaultCommand(model);
  const lines = [
    '# syntax=docker/dockerfile:1',
    hashHeader(model).trimEnd(),
    ...bodyFor(model.build),
  ];
  if (cmd !== null) lines.push(`CMD ${cmd}`);
  return `${lines.join('\n')}\n`;
}

/** Shell form: Heroku runs Procfile commands through a shell, and so does `CMD cmd` (/bin/sh -c). */
function defaultCommand(model: ExportModel): string | null {
  const web = model.processes.find((p) => p.type === 'web') ?? model.processes[0];
  return web?.command ? web.command.replace(/\n/g, ' ') : null;
}

function bodyFor(build: BuildSpec): string[] {
  switch (build.kind) {
    case 'node': return nodeBody(build);
    case 'python': return pythonBody(build);
    case 'static': return staticBody();
    case 'procfile':
      if (build.runtime === 'node') return nodeBody({ kind: 'node', nodeMajor: build.nodeMajor, nodeSource: 'the Procfile runs node', manager: 'npm', installCommand: null, buildCommand: null });
      if (build.runtime === 'python') return pythonBody({ kind: 'python', pythonVersion: build.pythonVersion, pythonSource: 'the Procfile runs python', requirements: null });
      return [
        '# The Procfile names no language Dynodesk builds: install what its commands need below.',
        'FROM debian:bookworm-slim',
        'WORKDIR /app',
        'COPY . .',
        'RUN useradd --create-home --uid 10001 app',
        'USER app',
        ...portLines(),
      ];
  }
}

function nodeBody(build: Extract<BuildSpec, { kind: 'node' }>): string[] {
  const lines = [
    `# Node.js ${build.nodeMajor}: ${build.nodeSource}.`,
    `FROM node:${build.nodeMajor}-slim`,
    'WORKDIR /app',
    'COPY . .',
  ];
  if (build.manager !== 'npm' && (build.installCommand !== null || build.buildCommand !== null)) {
    // yarn and pnpm come through corepack, which Node.js ships up to 24 and leaves to npm after.
    lines.push(Number(build.nodeMajor) >= 25 ? 'RUN npm install --global corepack && corepack enable' : 'RUN corepack enable');
  }
  // Dependencies of every kind, as the buildpack installs them: build scripts often need devDependencies.
  if (build.installCommand !== null) lines.push(`RUN ${build.installCommand}`);
  if (build.buildCommand !== null) lines.push(`RUN ${build.buildCommand}`);
  lines.push('ENV NODE_ENV=production', 'USER node', ...portLines());
  return lines;
}

function pythonBody(build: Extract<BuildSpec, { kind: 'python' }>): string[] {
  const lines = [
    `# Python ${build.pythonVersion}: ${build.pythonSource}.`,
    `FROM python:${build.pythonVersion}-slim`,
    // Unbuffered, as on Heroku and in Dynodesk, so print() reaches the logs as it happens.
    'ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1',
    'WORKDIR /app',
  ];
  if (build.requirements?.from === 'requirements.txt') lines.push('COPY requirements.txt ./', 'RUN pip install -r requirements.txt');
  // Only the dependencies, as Dynodesk installs them: building the project itself would need its build backend.
  if (build.requirements?.from === 'pyproject.toml') lines.push(`RUN ${JSON.stringify(['pip', 'install', ...build.requirements.dependencies])}`);
  lines.push('COPY . .', 'RUN useradd --create-home --uid 10001 app', 'USER app', ...portLines());
  return lines;
}

/**
 * nginx instead of Dynodesk's own file server (which lives in Dynodesk, not in the app). The
 * official image fills in templates from the environment at start, so the site listens on $PORT.
 */
function staticBody(): string[] {
  const conf = ['server {', '    listen ${PORT};', '    root /usr/share/nginx/html;', '    location / {', '        try_files $uri $uri/ =404;', '    }', '}'];
  return [
    '# A static site: served by nginx on $PORT.',
    'FROM nginx:1.27-alpine',
    `RUN mkdir -p /etc/nginx/templates && printf '%s\\n' ${conf.map((l) => `'${l}'`).join(' ')} > /etc/nginx/templates/default.conf.template`,
    'COPY . /usr/share/nginx/html',
    ...portLines(),
  ];
}

function portLines(): string[] {
  return [`ENV PORT=${CONTAINER_PORT}`, `EXPOSE ${CONTAINER_PORT}`];
}

/** What the image must not contain: local-only folders, and the export's own secrets. */
export function dockerignoreText(model: ExportModel, exportDirInContext: string | null): string {
  const lines = [
    hashHeader(model).trimEnd(),
    '# BuildKit reads <Dockerfile>.dockerignore next to the Dockerfile; for the classic builder copy it to the build context as .dockerignore.',
    '.git',
    'node_modules',
    '.dynodesk',
    '.venv',
    'venv',
    '__pycache__',
    '*.pyc',
    '.env',
    '.env.*',
  ];
  // The export's env files hold every secret of the app: never bake them into an image.
  if (exportDirInContext !== null) lines.push(exportDirInContext === '' ? '*.env' : `${exportDirInContext}`);
  return `${lines.join('\n')}\n`;
}
