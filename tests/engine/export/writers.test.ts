// The two writers on a model built from a stored app record with Postgres and two Redis add-ons
// attached: valid against the Compose specification (and docker-compose, where installed) and the
// Kubernetes schemas, the formation and commands carried over, secrets only in env files, add-on
// URLs pointing at the exported services, and the same bytes every time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ExportFile } from '../../../shared/export.js';
import { composeFiles } from '../../../electron/engine/export/compose-writer.js';
import { dockerfileText } from '../../../electron/engine/export/dockerfile.js';
import { kubernetesFiles } from '../../../electron/engine/export/kubernetes-writer.js';
import { memoryRequest } from '../../../electron/engine/export/memory.js';
import { modelFromState } from '../../../electron/engine/export/model-from-state.js';
import { placement } from '../../../electron/engine/export/placement.js';
import { tempDir } from '../../helpers/tmp.js';
import { API_TOKEN, CACHE_PASSWORD, CERT, PG_PASSWORD, REDIS_PASSWORD, SHOP_ADDONS, SHOP_DYNOS, shopModel, shopRecord } from './fixture-model.js';
import { assertComposeSchema, assertKubernetesManifests, dockerCompose, dockerComposeConfig, envLines, fileOf, writeFiles, yamlOf } from './validate.js';

const HEADER = '# Exported by Dynodesk 0.1.0 from app "shop" release v3';
const SECRETS = [PG_PASSWORD, REDIS_PASSWORD, CACHE_PASSWORD, API_TOKEN, 'MIIB'];

function assertNoSecretsOutsideEnvFiles(files: readonly ExportFile[]): void {
  for (const f of files.filter((x) => !x.secret)) {
    for (const s of SECRETS) assert.ok(!f.content.includes(s), `${f.path} holds no secret (${s.slice(0, 8)}…)`);
  }
  for (const f of files) if (/\.env$|^secrets\//.test(f.path)) assert.ok(f.secret, `${f.path} is marked secret`);
}

test('compose: services per process type with the formation, the release first, add-ons on official images, secrets in env files', async (t) => {
  const home = tempDir('ddx');
  t.after(() => home.remove());
  const app = join(home.path, 'shop');
  mkdirSync(app);
  const out = join(app, 'deploy');
  const model = shopModel(app);
  const files = composeFiles(model, placement(app, out));

  const doc = yamlOf(files, 'compose.yaml');
  assertComposeSchema(doc);
  const services = doc['services'] as Record<string, Record<string, unknown>>;
  assert.deepEqual(Object.keys(services), ['release', 'web', 'worker', 'redis-cache', 'postgres', 'redis']);
  const web = services['web'] as Record<string, unknown>;
  assert.deepEqual(web['deploy'], { replicas: 2 });
  assert.deepEqual(services['worker']?.['deploy'], { replicas: 1 });
  // $ doubled: Compose leaves $PORT to the container's shell.
  assert.deepEqual(web['command'], ['/bin/sh', '-c', 'node server.js --port $$PORT']);
  assert.deepEqual(web['environment'], { PORT: '5000' });
  assert.deepEqual(web['ports'], ['${WEB_PORTS:-5000-5001}:5000'], 'two web containers publish a range');
  assert.deepEqual(web['build'], { context: '..', dockerfile: 'deploy/Dockerfile' });
  assert.deepEqual(web['env_file'], ['app.env']);
  assert.deepEqual(web['depends_on'], {
    'redis-cache': { condition: 'service_healthy' }, postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' },
    release: { condition: 'service_completed_successfully' },
  });
  assert.deepEqual(services['release']?.['command'], ['/bin/sh', '-c', 'node migrate.js']);
  assert.equal(services['release']?.['restart'], 'no');
  assert.equal(services['postgres']?.['image'], 'postgres:17');
  assert.equal(services['redis']?.['image'], 'redis:7');
  assert.deepEqual(services['postgres']?.['volumes'], ['postgres-data:/var/lib/postgresql/data']);
  assert.deepEqual(Object.keys(doc['volumes'] as object), ['redis-cache-data', 'postgres-data', 'redis-data']);

  // Config: app.json defaults < config vars, no .env, add-on URLs rewritten onto the services.
  const env = envLines(fileOf(files, 'app.env'));
  assert.equal(env['LOG_LEVEL'], 'debug');
  assert.equal(env['GREETING'], 'hello');
  assert.equal(env['LOCAL_ONLY'], undefined);
  assert.equal(env['DATABASE_URL'], `postgres://u1234:${PG_PASSWORD}@postgres:5432/d1234`);
  assert.equal(env['REDIS_URL'], `redis://:${REDIS_PASSWORD}@redis:6379`);
  assert.equal(env['CACHE_URL'], `redis://:${CACHE_PASSWORD}@redis-cache:6379`);
  // Quoted only where Compose would otherwise read them differently.
  assert.equal(env['API_TOKEN'], `'${API_TOKEN}'`);
  assert.equal(env['CERT_PEM'], `"${CERT.replace(/\n/g, '\\n')}"`);
  assert.deepEqual(envLines(fileOf(files, 'postgres.env')), { POSTGRES_DB: 'd1234', POSTGRES_PASSWORD: PG_PASSWORD, POSTGRES_USER: 'u1234' });
  assert.deepEqual(envLines(fileOf(files, 'redis-cache.env')), { REDIS_PASSWORD: CACHE_PASSWORD });
  assertNoSecretsOutsideEnvFiles(files);
  assert.match(fileOf(files, '.gitignore'), /^\*\.env$/m);

  for (const f of files) assert.ok(f.content.includes(HEADER), `${f.path} says where it came from`);
  assert.match(fileOf(files, 'README.txt'), /pack build shop:v3 --builder heroku\/builder:24 --path \.\./);
  // The export folder is inside the build context: its env files must not reach the image.
  assert.match(fileOf(files, 'Dockerfile.dockerignore'), /^deploy$/m);

  assert.deepEqual(composeFiles(shopModel(app), placement(app, out)), files, 'same state, same bytes');

  if (dockerCompose) {
    writeFiles(out, files);
    const resolved = parse(dockerComposeConfig(out)) as { services: Record<string, { deploy?: unknown; environment?: Record<string, string>; ports?: unknown[]; command?: unknown }> };
    assert.deepEqual(resolved.services['web']?.deploy, { replicas: 2 });
    assert.equal(resolved.services['web']?.environment?.['PORT'], '5000');
    assert.equal(resolved.services['web']?.environment?.['GREETING'], 'hello', 'docker-compose read app.env');
    assert.deepEqual(resolved.services['web']?.command, ['/bin/sh', '-c', 'node server.js --port $$PORT']);
  } else {
    t.diagnostic('docker-compose is not installed: validated against the Compose specification schema only');
  }
});

test('compose: one web container publishes on WEB_PORT; a static site runs the image\'s own command', () => {
  const record = shopRecord('/srv/site');
  record.formation = { web: 1, worker: 0 };
  const model = modelFromState({ record, addons: [], dynos: [], build: { kind: 'static' }, dynodeskVersion: '0.1.0' });
  const files = composeFiles(model, placement('/srv/site', '/srv/site-compose'));
  const doc = yamlOf(files, 'compose.yaml');
  assertComposeSchema(doc);
  const services = doc['services'] as Record<string, Record<string, unknown>>;
  assert.deepEqual(services['web']?.['ports'], ['${WEB_PORT:-5000}:5000']);
  assert.equal(services['web']?.['command'], undefined, 'nginx\'s own command');
  assert.deepEqual(services['worker']?.['deploy'], { replicas: 0 }, 'a type scaled to 0 stays at 0');
  assert.equal(doc['volumes'], undefined);
  assert.deepEqual(services['web']?.['build'], { context: '../site', dockerfile: '../site-compose/Dockerfile' });
  assert.match(fileOf(files, 'Dockerfile'), /^FROM nginx:1\.27-alpine$/m);
  assert.match(fileOf(files, 'Dockerfile'), /listen \$\{PORT\};/);
  assert.doesNotMatch(fileOf(files, 'Dockerfile.dockerignore'), /site-compose/, 'outside the context: nothing to leave out');
});

test('kubernetes: Deployments with replicas, probes and measured memory; Service, Ingress, release Job; add-ons as StatefulSets', () => {
  const model = shopModel('/srv/shop');
  const files = kubernetesFiles(model, placement('/srv/shop', '/srv/shop-k8s'), { host: null, externalAddons: false });
  const objects = assertKubernetesManifests(files);
  assert.deepEqual([...objects.keys()], [
    'deployment-web.yaml', 'deployment-worker.yaml', 'ingress-web.yaml', 'job-release.yaml',
    'postgres-service.yaml', 'postgres-statefulset.yaml', 'redis-cache-service.yaml', 'redis-cache-statefulset.yaml',
    'redis-service.yaml', 'redis-statefulset.yaml', 'service-web.yaml',
  ]);
  type Obj = { metadata: { name: string; annotations?: Record<string, string> }; spec: Record<string, unknown> };
  const web = objects.get('deployment-web.yaml') as unknown as Obj;
  assert.equal(web.metadata.name, 'shop-web');
  assert.equal(web.spec['replicas'], 2);
  const container = (web.spec['template'] as { spec: { containers: Record<string, unknown>[] } }).spec.containers[0] as Record<string, unknown>;
  assert.deepEqual(container['command'], ['/bin/sh', '-c', 'node server.js --port $$PORT'], 'kubelet reduces $$ to $');
  assert.deepEqual(container['readinessProbe'], { tcpSocket: { port: 'http' }, periodSeconds: 5, failureThreshold: 3 });
  assert.deepEqual(container['ports'], [{ name: 'http', containerPort: 5000 }]);
  assert.deepEqual(container['env'], [{ name: 'PORT', value: '5000' }]);
  // 100 MB measured (the larger web dyno) × 1.25 → 125 MiB → 128Mi; the limit is the memory quota.
  assert.deepEqual(container['resources'], { requests: { memory: '128Mi' }, limits: { memory: '512Mi' } });
  const worker = objects.get('deployment-worker.yaml') as unknown as Obj;
  assert.equal(worker.spec['replicas'], 1);
  const workerContainer = (worker.spec['template'] as { spec: { containers: Record<string, unknown>[] } }).spec.containers[0] as Record<string, unknown>;
  assert.deepEqual(workerContainer['resources'], { limits: { memory: '512Mi' } }, 'never measured: no request');
  assert.equal(workerContainer['readinessProbe'], undefined);

  const ingress = objects.get('ingress-web.yaml') as unknown as Obj;
  assert.equal((ingress.spec['rules'] as { host: string }[])[0]?.host, 'shop.example.com');
  const job = objects.get('job-release.yaml') as unknown as Obj;
  assert.equal(job.metadata.name, 'shop-release-v3');
  assert.equal(job.metadata.annotations?.['argocd.argoproj.io/hook'], 'PreSync');
  assert.equal(job.metadata.annotations?.['helm.sh/hook'], 'pre-install,pre-upgrade');
  assert.equal(job.spec['backoffLimit'], 0);
  // Plain kubectl applies what the release needs, and the Job, first: one label selects them all.
  const phase = [...objects].filter(([, o]) => (o['metadata'] as { labels?: Record<string, string> }).labels?.['dynodesk.export/phase'] === 'release').map(([p]) => p);
  assert.deepEqual(phase, ['job-release.yaml', 'postgres-service.yaml', 'postgres-statefulset.yaml', 'redis-cache-service.yaml', 'redis-cache-statefulset.yaml', 'redis-service.yaml', 'redis-statefulset.yaml']);
  const pg = objects.get('postgres-statefulset.yaml') as unknown as Obj;
  assert.equal(((pg.spec['template'] as { spec: { containers: { image: string }[] } }).spec.containers[0])?.image, 'postgres:17');
  assert.equal((pg.spec['volumeClaimTemplates'] as unknown[]).length, 1);

  const env = envLines(fileOf(files, 'app.env'));
  assert.equal(env['DATABASE_URL'], `postgres://u1234:${PG_PASSWORD}@shop-postgres:5432/d1234`);
  assert.equal(env['CACHE_URL'], `redis://:${CACHE_PASSWORD}@shop-redis-cache:6379`);
  assert.equal(env['API_TOKEN'], API_TOKEN, 'kustomize takes the rest of the line as is');
  assert.equal(env['CERT_PEM'], undefined, 'a multi-line value does not fit an env line…');
  assert.equal(fileOf(files, 'secrets/CERT_PEM'), CERT, '…it gets a file of its own');
  const kustomization = yamlOf(files, 'kustomization.yaml');
  assert.deepEqual((kustomization['secretGenerator'] as unknown[])[0], { name: 'shop-config', envs: ['app.env'], files: ['CERT_PEM=secrets/CERT_PEM'], options: { labels: { 'app.kubernetes.io/name': 'shop', 'dynodesk.export/phase': 'release' } } });
  assert.deepEqual(kustomization['images'], [{ name: 'shop', newName: 'registry.example.com/shop', newTag: 'v3' }]);
  assertNoSecretsOutsideEnvFiles(files);
  for (const f of files.filter((x) => !x.path.startsWith('secrets/'))) assert.ok(f.content.includes(HEADER), `${f.path} says where it came from`);

  assert.deepEqual(kubernetesFiles(shopModel('/srv/shop'), placement('/srv/shop', '/srv/shop-k8s'), { host: null, externalAddons: false }), files, 'same state, same bytes');
});

test('kubernetes --external-addons --host: no StatefulSets, the add-on keys left for the user to fill in', () => {
  const files = kubernetesFiles(shopModel('/srv/shop'), placement('/srv/shop', '/srv/out'), { host: 'shop.acme.test', externalAddons: true });
  const objects = assertKubernetesManifests(files);
  assert.ok(![...objects.keys()].some((k) => k.includes('statefulset')));
  assert.equal(files.some((f) => f.path === 'postgres.env'), false);
  const ingress = objects.get('ingress-web.yaml') as { spec: { rules: { host: string }[] } };
  assert.equal(ingress.spec.rules[0]?.host, 'shop.acme.test');
  const app = fileOf(files, 'app.env');
  assert.match(app, /FILL IN/);
  const env = envLines(app);
  assert.equal(env['DATABASE_URL'], '');
  assert.equal(env['REDIS_URL'], '');
  assert.equal(env['CACHE_URL'], '');
  for (const s of [PG_PASSWORD, REDIS_PASSWORD, CACHE_PASSWORD]) assert.ok(!files.some((f) => f.content.includes(s)), 'no local add-on password goes out');
});

test('Dockerfiles follow what the buildpack found: package manager, build script, runtime versions', () => {
  const dockerfile = (build: Parameters<typeof shopModel>[1]): string => dockerfileText(shopModel('/srv/shop', build));
  const npm = dockerfile(undefined);
  assert.match(npm, /^# syntax=docker\/dockerfile:1\n# Exported by Dynodesk 0\.1\.0 from app "shop" release v3/);
  assert.match(npm, /^FROM node:22-slim$/m);
  assert.match(npm, /^RUN npm ci\nRUN npm run build$/m);
  assert.match(npm, /^CMD node server\.js --port \$PORT$/m, 'web is the default command');
  const pnpm = dockerfile({ kind: 'node', nodeMajor: '20', nodeSource: 'x', manager: 'pnpm', installCommand: 'pnpm install --frozen-lockfile', buildCommand: 'pnpm run build' });
  assert.match(pnpm, /^RUN corepack enable\nRUN pnpm install --frozen-lockfile\nRUN pnpm run build$/m);
  const berry = dockerfile({ kind: 'node', nodeMajor: '26', nodeSource: 'x', manager: 'yarn-berry', installCommand: 'yarn install --immutable', buildCommand: null });
  assert.match(berry, /^RUN npm install --global corepack && corepack enable\nRUN yarn install --immutable$/m, 'Node 25+ ships no corepack');
  const py = dockerfile({ kind: 'python', pythonVersion: '3.12', pythonSource: '.python-version (3.12)', requirements: { from: 'requirements.txt' } });
  assert.match(py, /^FROM python:3\.12-slim$/m);
  assert.match(py, /^COPY requirements\.txt \.\/\nRUN pip install -r requirements\.txt$/m);
  const pyproject = dockerfile({ kind: 'python', pythonVersion: '3.11.7', pythonSource: 'runtime.txt', requirements: { from: 'pyproject.toml', dependencies: ['flask>=3', 'gunicorn'] } });
  assert.match(pyproject, /^RUN \["pip","install","flask>=3","gunicorn"\]$/m);
  const bare = dockerfile({ kind: 'procfile', runtime: 'none', nodeMajor: '', pythonVersion: '' });
  assert.match(bare, /^FROM debian:bookworm-slim$/m);
});

test('bad input: no release, a process type without a command, names Kubernetes refuses', () => {
  const noRelease = { ...shopRecord(null), releases: [], build: null };
  assert.throws(() => modelFromState({ record: noRelease, addons: [], dynos: [], build: { kind: 'static' }, dynodeskVersion: '0' }), /shop has no release yet: deploy it first/);
  const empty = shopRecord(null);
  empty.build = { ...(empty.build as NonNullable<typeof empty.build>), commands: { web: 'node server.js', clock: '  ' } };
  assert.throws(() => modelFromState({ record: empty, addons: [], dynos: [], build: { kind: 'static' }, dynodeskVersion: '0' }), /process type clock has no command/);
  const clash = shopRecord(null);
  clash.build = { ...(clash.build as NonNullable<typeof clash.build>), commands: { web: 'a', big_job: 'b', 'big-job': 'c' } };
  const model = modelFromState({ record: clash, addons: SHOP_ADDONS, dynos: SHOP_DYNOS, build: { kind: 'static' }, dynodeskVersion: '0' });
  assert.throws(() => kubernetesFiles(model, placement(null, null), { host: null, externalAddons: false }), /process types big-job and big_job would both be named shop-big-job/);
});

test('memory requests: measured × 1.25, in 64 MiB steps; nothing measured, no request', () => {
  assert.equal(memoryRequest(null), null);
  assert.equal(memoryRequest(10 * 1024 * 1024), '64Mi');
  assert.equal(memoryRequest(52 * 1024 * 1024), '128Mi');
  assert.equal(memoryRequest(300 * 1024 * 1024), '384Mi');
});
