// `apps.export` on a real engine with fixture apps deployed through it: a web + worker app with a
// release command and real Postgres and Redis add-ons, a static site and a Python app, to both
// targets. Checked against the Compose and Kubernetes schemas (and docker-compose where installed),
// for the formation, commands, env files and DATABASE_URL wiring, the same bytes twice, and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { allUp, fixture, openEngine, waitForDynos } from '../../helpers/engine.js';
import { tempDir } from '../../helpers/tmp.js';
import { assertComposeSchema, assertKubernetesManifests, dockerCompose, dockerComposeConfig, envLines, fileOf, yamlOf } from './validate.js';

const HEADER = (app: string, v: number): string => `# Exported by Dynodesk 0.1.0 from app "${app}" release v${v}`;

test('export: a deployed app with a release command and add-ons, a static site and a Python app, to Compose and Kubernetes', { timeout: 600_000 }, async (t) => {
  const home = tempDir('ddx');
  t.after(() => home.remove());
  const e = await openEngine();
  t.after(() => e.close());

  // app-node (web + worker) plus a release phase.
  const src = join(home.path, 'shop');
  cpSync(fixture('app-node'), src, { recursive: true });
  writeFileSync(join(src, 'Procfile'), 'web: node server.js\nworker: node worker.js\nrelease: node -e "console.log(\'migrated\')"\n');
  await e.call('apps.deploy', { path: src, name: 'shop' });
  await e.call('ps.scale', { app: 'shop', formation: { web: 2, worker: 1 } });
  await e.call('addons.create', { app: 'shop', service: 'heroku-postgresql' });
  await e.call('addons.create', { app: 'shop', service: 'redis' });
  await waitForDynos(e, 'shop', allUp({ web: 2, worker: 1 }), 'shop up', 60_000);
  const release = (await e.call('apps.info', { app: 'shop' })).release;
  const local = await e.call('config.get', { app: 'shop' });
  const pg = new URL(local['DATABASE_URL'] ?? assert.fail('DATABASE_URL attached'));
  const redis = new URL(local['REDIS_URL'] ?? assert.fail('REDIS_URL attached'));

  // Bad input is refused, saying why, and writes nothing.
  const refused = async (args: Record<string, unknown>, why: RegExp): Promise<void> => {
    const r = await e.client.invoke('apps.export', args);
    assert.equal(r.ok, false, JSON.stringify(args));
    if (!r.ok) assert.match(r.error.message, why);
  };
  await refused({ app: 'nope', target: 'compose' }, /Couldn't find that app: nope/);
  await refused({ app: 'shop', target: 'swarm' }, /unknown export target: use compose or kubernetes/);
  await refused({ app: 'shop', target: 'compose', outputDir: 'deploy' }, /path must be absolute, got "deploy"/);
  await refused({ app: 'shop', target: 'compose', outputDir: src }, /exists and is not empty: .*--force/);
  await refused({ app: 'shop', target: 'compose', host: 'shop.example.com' }, /--host and --external-addons apply to the kubernetes target only/);
  await refused({ app: 'shop', target: 'kubernetes', host: 'Not A Host' }, /is not a host name/);
  await e.call('apps.create', { name: 'fresh' });
  await refused({ app: 'fresh', target: 'kubernetes' }, /fresh has no release yet: deploy it first/);
  assert.equal(readFileSync(join(src, 'Procfile'), 'utf8').startsWith('web:'), true, 'the app folder is untouched');

  // Compose, written inside the app's folder (the natural place to commit it).
  const out = join(src, 'deploy');
  const compose = await e.call('apps.export', { app: 'shop', target: 'compose', outputDir: out });
  assert.equal(compose.outputDir, out);
  for (const f of compose.files) {
    assert.equal(readFileSync(join(out, f.path), 'utf8'), f.content, `${f.path} written as returned`);
    assert.equal(statSync(join(out, f.path)).mode & 0o777, f.secret ? 0o600 : 0o644, `${f.path} mode`);
    assert.ok(f.content.includes(HEADER('shop', release)), `${f.path} has the header`);
  }
  const doc = yamlOf(compose.files, 'compose.yaml');
  assertComposeSchema(doc);
  const services = doc['services'] as Record<string, Record<string, unknown>>;
  assert.deepEqual(Object.keys(services), ['release', 'web', 'worker', 'postgres', 'redis']);
  assert.deepEqual(services['web']?.['deploy'], { replicas: 2 });
  assert.deepEqual(services['worker']?.['deploy'], { replicas: 1 });
  assert.deepEqual(services['worker']?.['command'], ['/bin/sh', '-c', 'node worker.js']);
  assert.deepEqual(services['release']?.['command'], ['/bin/sh', '-c', 'node -e "console.log(\'migrated\')"']);
  assert.deepEqual((services['web']?.['depends_on'] as Record<string, unknown>)['release'], { condition: 'service_completed_successfully' });
  assert.deepEqual(services['web']?.['build'], { context: '..', dockerfile: 'deploy/Dockerfile' });

  // DATABASE_URL / REDIS_URL: the local add-ons' credentials, on the Compose services.
  const env = envLines(fileOf(compose.files, 'app.env'));
  assert.equal(env['DATABASE_URL'], `postgres://${pg.username}:${pg.password}@postgres:5432${pg.pathname}`);
  assert.equal(env['REDIS_URL'], `redis://:${redis.password}@redis:6379`);
  assert.deepEqual(envLines(fileOf(compose.files, 'postgres.env')), { POSTGRES_DB: pg.pathname.slice(1), POSTGRES_PASSWORD: pg.password, POSTGRES_USER: pg.username });
  assert.deepEqual(envLines(fileOf(compose.files, 'redis.env')), { REDIS_PASSWORD: redis.password });
  for (const f of compose.files.filter((x) => !x.secret)) assert.ok(!f.content.includes(pg.password) && !f.content.includes(redis.password), `${f.path} holds no password`);

  // The Dockerfile runs the Node the dynos run (no engines.node: this machine's).
  const nodeMajor = /^v(\d+)/.exec(execFileSync('node', ['--version'], { encoding: 'utf8' }))?.[1];
  const dockerfile = fileOf(compose.files, 'Dockerfile');
  assert.match(dockerfile, new RegExp(`^FROM node:${nodeMajor}-slim$`, 'm'));
  assert.doesNotMatch(dockerfile, /^RUN npm/m, 'no dependencies: nothing to install');
  assert.match(dockerfile, /^CMD node server\.js$/m);
  assert.match(fileOf(compose.files, 'Dockerfile.dockerignore'), /^deploy$/m);

  if (dockerCompose) {
    const resolved = parse(dockerComposeConfig(out)) as { services: Record<string, { environment?: Record<string, string> }> };
    assert.equal(resolved.services['web']?.environment?.['DATABASE_URL'], env['DATABASE_URL']);
  }

  // Same state, same bytes: again into the same folder (--force), and as a preview.
  const again = await e.call('apps.export', { app: 'shop', target: 'compose', outputDir: out, force: true });
  assert.deepEqual(again.files, compose.files);
  const preview = await e.call('apps.export', { app: 'shop', target: 'compose' });
  assert.equal(preview.outputDir, null);
  assert.deepEqual(await e.call('apps.export', { app: 'shop', target: 'compose' }), preview);

  // Kubernetes: StatefulSets for the add-ons, the release Job, memory requests from what ps measured.
  const kube = await e.call('apps.export', { app: 'shop', target: 'kubernetes', host: 'shop.acme.test' });
  const objects = assertKubernetesManifests(kube.files);
  const web = objects.get('deployment-web.yaml') as { spec: { replicas: number; template: { spec: { containers: { resources: { requests?: { memory: string } } }[] } } } };
  assert.equal(web.spec.replicas, 2);
  const measured = (await e.call('ps.list', { app: 'shop' })).some((d) => d.type === 'web' && d.memoryBytes !== null);
  if (measured) assert.match(web.spec.template.spec.containers[0]?.resources.requests?.memory ?? '', /^\d+Mi$/);
  assert.ok(objects.has('job-release.yaml') && objects.has('postgres-statefulset.yaml') && objects.has('redis-statefulset.yaml'));
  assert.equal(envLines(fileOf(kube.files, 'app.env'))['DATABASE_URL'], `postgres://${pg.username}:${pg.password}@shop-postgres:5432${pg.pathname}`);
  const external = await e.call('apps.export', { app: 'shop', target: 'kubernetes', externalAddons: true });
  assert.equal(envLines(fileOf(external.files, 'app.env'))['DATABASE_URL'], '');
  assert.ok(!external.files.some((f) => f.path.includes('statefulset')));

  // A static site: nginx serves it on $PORT; Dynodesk's own file server is not exported.
  await e.call('apps.deploy', { path: fixture('app-static'), name: 'site' });
  const site = await e.call('apps.export', { app: 'site', target: 'compose' });
  const siteDoc = yamlOf(site.files, 'compose.yaml');
  assertComposeSchema(siteDoc);
  assert.equal((siteDoc['services'] as Record<string, Record<string, unknown>>)['web']?.['command'], undefined);
  assert.match(fileOf(site.files, 'Dockerfile'), /^FROM nginx:1\.27-alpine$/m);
  assert.ok(!site.files.some((f) => f.content.includes('static-server.mjs')), 'no path of this machine in the export');
  assertKubernetesManifests((await e.call('apps.export', { app: 'site', target: 'kubernetes' })).files);

  // A Python app: the image runs the Python the dynos ran, with its requirements.
  await e.call('apps.deploy', { path: fixture('app-python'), name: 'py' });
  const py = await e.call('apps.export', { app: 'py', target: 'kubernetes' });
  assertKubernetesManifests(py.files);
  const pyDockerfile = fileOf(py.files, 'Dockerfile');
  assert.match(pyDockerfile, /^FROM python:3\.\d+-slim$/m);
  assert.match(pyDockerfile, /^CMD python app\.py$/m);
  const pyDeploy = yamlOf(py.files, 'deployment-web.yaml');
  assert.equal((pyDeploy['metadata'] as { name: string }).name, 'py-web');
  assertComposeSchema(yamlOf((await e.call('apps.export', { app: 'py', target: 'compose' })).files, 'compose.yaml'));
});
