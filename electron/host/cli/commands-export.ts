// `dynodesk export compose|kubernetes`: the app's current release as files for another platform.
// The engine writes them; the CLI only turns -o into an absolute path from where the user stands.
import { EXPORT_TARGETS, type ExportTarget } from '../../../shared/export.js';
import { CliError } from '../control-client.js';
import { APP_FLAGS, JSON_FLAG } from './args.js';
import { resolveCallerPath } from './caller-path.js';
import type { CliCommand } from './command.js';
import { printJson, resolveApp, withEngine } from './context.js';

const USAGE = 'export compose|kubernetes [-a APP] [-o DIR] [--force] [--host HOST] [--external-addons] [--json]';

function targetOf(text: string | undefined): ExportTarget {
  const target = EXPORT_TARGETS.find((t) => t === text);
  if (!target) throw new CliError(text === undefined ? `Usage: dynodesk ${USAGE}` : `Unknown export target "${text}": use compose or kubernetes`);
  return target;
}

export const exportCommand: CliCommand = {
  name: 'export',
  usage: USAGE,
  summary: "Write the app's current release as Docker Compose or Kubernetes files (plus a Dockerfile), to run it elsewhere",
  details: [
    'compose:     compose.yaml (one service per process type, replicas = formation, the release command first),',
    '             app.env with the config vars, Postgres/Redis add-ons as services, a Dockerfile, README.txt.',
    'kubernetes:  a Deployment per process type, Service + Ingress for web (--host, default <app>.example.com),',
    '             a Job for the release command, add-ons as StatefulSets (or with --external-addons, only the',
    '             Secret keys you fill in), kustomization.yaml generating the Secrets from the env files.',
    '-o DIR       where to write them (default ./<app>-<target>); it must be new or empty unless --force.',
    'The env files hold secrets: the export writes a .gitignore that keeps them out of git.',
  ].join('\n'),
  flags: {
    values: { ...APP_FLAGS, '-o': 'output', '--output': 'output', '--host': 'host' },
    booleans: { ...JSON_FLAG, '--force': 'force', '-f': 'force', '--external-addons': 'external-addons' },
  },
  run: (args, io) => withEngine(async (client) => {
    if (args.positionals.length !== 1) throw new CliError(`Usage: dynodesk ${USAGE}`);
    const target = targetOf(args.positionals[0]);
    const app = await resolveApp(client, args);
    const host = args.flags.get('host');
    const output = resolveCallerPath(args.flags.get('output') ?? `${app}-${target}`);
    const result = await client.call('apps.export', {
      app, target, outputDir: output,
      ...(args.flags.has('force') ? { force: true } : {}),
      ...(host === undefined ? {} : { host }),
      ...(args.flags.has('external-addons') ? { externalAddons: true } : {}),
    });
    if (args.flags.has('json')) {
      printJson(io, { target: result.target, outputDir: result.outputDir, files: result.files.map((f) => ({ path: f.path, secret: f.secret })) });
      return 0;
    }
    io.out(`Exported ${app} for ${target === 'compose' ? 'Docker Compose' : 'Kubernetes'} to ${result.outputDir ?? output}:`);
    for (const f of result.files) io.out(`  ${f.path}${f.secret ? '   (secrets: keep out of version control)' : ''}`);
    io.out(target === 'compose' ? 'Next: docker compose up --build (see README.txt)' : 'Next: build and push the image, then kubectl apply -k . (see README.txt)');
    return 0;
  }),
};
