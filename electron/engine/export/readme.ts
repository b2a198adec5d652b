// README.txt of each target: how to run what was exported, and what to look at before production.
import { headerLines } from './header.js';
import { CONTAINER_PORT, type ExportModel } from './model.js';
import type { Placement } from './placement.js';

function intro(model: ExportModel): string[] {
  return [...headerLines(model).map((l) => `# ${l}`), ''];
}

/** The same app built by Cloud Native Buildpacks instead of the Dockerfile: Heroku's own builder. */
function packLines(model: ExportModel, context: string): string[] {
  return [
    'Instead of the Dockerfile: Cloud Native Buildpacks (Heroku\'s builder, the same buildpacks as on Heroku)',
    `  pack build ${model.app}:v${model.release} --builder heroku/builder:24 --path ${context}`,
  ];
}

function checklist(): string[] {
  return [
    'Before production',
    '- Secrets: the env files hold the app\'s config vars and the add-ons\' passwords as they are here. Keep them out',
    '  of version control (.gitignore lists them) and prefer new passwords for production.',
    `- Your web process must listen on 0.0.0.0:$PORT (PORT=${CONTAINER_PORT}) inside a container, not on 127.0.0.1.`,
    '- Data: add-on data is not exported. Copy it with pg_dump / pg_restore (Postgres) or a Redis RDB file.',
    '- Re-export after you change the app here; these files are regenerated as a whole.',
  ];
}

export function composeReadme(model: ExportModel, where: Placement): string {
  const web = model.processes.find((p) => p.type === 'web');
  const lines = [
    ...intro(model),
    'Run it with Docker Compose (v2):',
    `  docker compose -p ${model.app} up --build`,
    ...(web ? [`Then open http://localhost:${CONTAINER_PORT} (set WEB_PORT${web.replicas > 1 ? 'S to a range' : ''} to publish elsewhere).`] : []),
    '',
    'Files',
    '  compose.yaml            one service per process type (deploy.replicas = the formation here)' +
      (model.releaseCommand !== null ? ',\n                          and "release", run once before the others start' : ''),
    '  app.env                 the config vars every process sees (SECRETS)',
    ...model.addons.map((a) => `  ${`${a.serviceName}.env`.padEnd(22)}  the ${a.serviceName} service's password (SECRETS); ${a.configVar} in app.env points at it`),
    '  Dockerfile              builds the image the way Dynodesk\'s buildpack built the release',
    '  Dockerfile.dockerignore what the image leaves out (the env files among them)',
    '',
    `The build context is ${where.context === '.' ? 'this folder' : `"${where.context}" (the app's folder, relative to this one)`}.`,
    ...(model.sourceDir === null ? ['This app was deployed by git push: copy these files into the root of a checkout of its repository.'] : []),
    '',
    ...packLines(model, where.context),
    '  then set image: in compose.yaml to that name and remove the build: entries.',
    '',
    ...checklist(),
  ];
  return `${lines.join('\n')}\n`;
}

export function kubernetesReadme(model: ExportModel, host: string | null, externalAddons: boolean): string {
  const lines = [
    ...intro(model),
    '1. Build the image and push it to a registry your cluster can pull from:',
    `     docker build -f Dockerfile -t registry.example.com/${model.app}:v${model.release} <the app's folder>`,
    `     docker push registry.example.com/${model.app}:v${model.release}`,
    `   and set that name in kustomization.yaml (images: newName / newTag).`,
    '2. Apply everything:',
    '     kubectl apply -k .',
    ...(model.releaseCommand !== null ? [
      '',
      'The release command is a Job (job-release.yaml) that must finish before the Deployments roll. Argo CD',
      '(PreSync hook) and Helm (pre-install/pre-upgrade hook) run it first by its annotations. With plain kubectl,',
      'apply it (with the Secrets and add-ons it needs) first and wait for it:',
      '     kubectl apply -k . -l dynodesk.export/phase=release',
      `     kubectl wait --for=condition=complete --timeout=10m job/${model.app}-release-v${model.release}`,
      '     kubectl apply -k .',
    ] : []),
    '',
    'Files',
    '  kustomization.yaml   ties them together; generates the Secrets from the env files',
    '  deployment-*.yaml    one Deployment per process type, replicas = the formation here',
    ...(host !== null ? [`  service-web.yaml, ingress-web.yaml   the web process at http://${host}/`] : []),
    '  app.env              the config vars (SECRETS), as the Secret the containers read',
    ...(externalAddons
      ? ['  The add-ons\' URLs are left empty in app.env: fill in your managed Postgres / Redis.']
      : model.addons.map((a) => `  ${a.serviceName}-*.yaml, ${a.serviceName}.env   ${a.serviceName} as a StatefulSet with a volume; its password (SECRETS)`)),
    '  secrets/             config vars that do not fit on one line of an env file, one file each (SECRETS)',
    '',
    'Memory requests come from what the dynos used here (with headroom); limits from the app\'s memory quota.',
    '',
    ...packLines(model, '<the app\'s folder>'),
    '',
    ...checklist(),
  ];
  return `${lines.join('\n')}\n`;
}
