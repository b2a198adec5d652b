// The release workflow cannot run here; this keeps its load-bearing parts from drifting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// electron-builder's own YAML parser (a dependency of it), so no extra package is needed.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

interface Step { uses?: string; run?: string; with?: Record<string, unknown> }
interface Job { uses?: string; needs?: string | string[]; permissions?: Record<string, string>; 'runs-on'?: string; strategy?: { matrix?: { include?: Record<string, string>[] } }; steps?: Step[] }
interface Workflow { on?: { push?: { tags?: string[] } }; permissions?: Record<string, string>; jobs?: Record<string, Job> }

const wf = yaml.load(readFileSync(join(root, '.github', 'workflows', 'release.yml'), 'utf8')) as Workflow;

test('runs on version tags with permission to write releases', () => {
  assert.deepEqual(wf.on?.push?.tags, ['v*']);
  assert.equal(wf.permissions?.contents, 'write');
});

test('builds on Linux, macOS and Windows with electron-builder and attaches the installers', () => {
  const build = wf.jobs?.build;
  const oses = (build?.strategy?.matrix?.include ?? []).map((m) => m.os).sort();
  assert.deepEqual(oses, ['macos-latest', 'ubuntu-latest', 'windows-latest']);
  const runs = (build?.steps ?? []).map((s) => s.run ?? '').join('\n');
  assert.match(runs, /npm ci/);
  assert.match(runs, /npm run build:renderer/);
  assert.match(runs, /npm run build:electron/);
  assert.match(runs, /electron-builder .*--publish never/);
  assert.match(runs, /gh release upload/);
  const node = (build?.steps ?? []).find((s) => s.uses?.startsWith('actions/setup-node'));
  assert.ok(Number(node?.with?.['node-version']) >= 22, "electron-builder's @electron/rebuild and node-abi need Node 22.12+");
  assert.deepEqual(wf.jobs?.publish?.needs, 'build');
});

/** Every job that `name` waits for, directly or through the jobs it needs. */
function upstream(name: string, seen = new Set<string>()): Set<string> {
  const needs = wf.jobs?.[name]?.needs;
  for (const n of typeof needs === 'string' ? [needs] : needs ?? []) {
    if (!seen.has(n)) { seen.add(n); upstream(n, seen); }
  }
  return seen;
}

test('builds installers only after the whole CI workflow passed', () => {
  const ci = Object.entries(wf.jobs ?? {}).find(([, job]) => job.uses === './.github/workflows/ci.yml');
  assert.ok(ci, 'a job calls ./.github/workflows/ci.yml');
  const [ciJob, job] = ci;
  // A called workflow may not ask for more than its caller grants; CI only reads.
  assert.deepEqual(job.permissions, { contents: 'read' });
  assert.ok(upstream('build').has(ciJob), 'build waits for CI');
  assert.ok(upstream('draft').has(ciJob), 'not even the draft release is created before CI passed');
  assert.ok(upstream('publish').has(ciJob));
});
