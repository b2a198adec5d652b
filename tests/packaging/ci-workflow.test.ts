// The CI workflow cannot run here; this keeps its load-bearing parts from drifting: which platforms run
// `npm test`, that the engine tests also run on Electron's Node, and that the Electron end-to-end specs
// run with the real binary (and fail, rather than skip, without it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// electron-builder's own YAML parser (a dependency of it), so no extra package is needed.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

interface Step { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown> }
interface Job {
  'runs-on'?: string;
  env?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; matrix?: { os?: string[] } };
  steps?: Step[];
}
interface Workflow {
  on?: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs?: Record<string, Job>;
}

const wf = yaml.load(readFileSync(join(root, '.github', 'workflows', 'ci.yml'), 'utf8')) as Workflow;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

function job(name: string): Job {
  const j = wf.jobs?.[name];
  assert.ok(j, `ci.yml has a "${name}" job`);
  return j;
}

const runs = (j: Job): string => (j.steps ?? []).map((s) => s.run ?? '').join('\n');
const nodeVersion = (j: Job): number => Number((j.steps ?? []).find((s) => s.uses?.startsWith('actions/setup-node'))?.with?.['node-version']);

test('runs on pushes and pull requests, and can be called by the release workflow', () => {
  assert.ok(wf.on && 'push' in wf.on && 'pull_request' in wf.on && 'workflow_call' in wf.on);
  assert.deepEqual(wf.permissions, { contents: 'read' });
});

test('npm test on Linux, macOS and Windows, on the oldest Node the README promises', () => {
  const t = job('test');
  assert.deepEqual([...(t.strategy?.matrix?.os ?? [])].sort(), ['macos-latest', 'ubuntu-latest', 'windows-latest']);
  assert.equal(t['runs-on'], '${{ matrix.os }}');
  assert.equal(t.strategy?.['fail-fast'], false, 'one platform failing must not hide the others');
  assert.match(runs(t), /npm ci/);
  assert.match(runs(t), /^npm test$/m);
  assert.equal(nodeVersion(t), 20);
  // Linux must run the browser specs: a missing Chromium fails the job instead of skipping them.
  const chromium = (t.steps ?? []).find((s) => s.if === "runner.os == 'Linux'" && /\/usr\/bin\/chromium/.test(s.run ?? ''));
  assert.ok(chromium, 'the Linux job checks for /usr/bin/chromium');
  assert.match(chromium.run ?? '', /exit 1/);
});

test('the engine and host tests run again under the Node that Electron embeds', () => {
  const e = job('electron-node');
  assert.equal(e['runs-on'], 'ubuntu-latest');
  assert.match(runs(e), /node node_modules\/electron\/install\.js/);
  assert.match(runs(e), /npm run test:electron-node/);
  assert.equal(pkg.scripts['test:electron-node'], 'node scripts/test-electron-node.mjs');
});

test('the Electron end-to-end specs run with the real binary on Linux (Xvfb) and macOS, required', () => {
  const e = job('electron-e2e');
  assert.deepEqual([...(e.strategy?.matrix?.os ?? [])].sort(), ['macos-latest', 'ubuntu-latest']);
  assert.equal(e.env?.DYNODESK_REQUIRE_ELECTRON, '1', 'a missing binary fails the specs instead of skipping them');
  assert.ok(nodeVersion(e) >= 22, "electron's installer needs Node 22.12+");
  const r = runs(e);
  assert.match(r, /node node_modules\/electron\/install\.js/);
  const linux = (e.steps ?? []).find((s) => s.if === "runner.os == 'Linux'" && /xvfb-run .*npm test -- e2e\/electron\.spec\.ts/.test(s.run ?? ''));
  assert.ok(linux, 'Linux runs the Electron specs under xvfb-run');
  const mac = (e.steps ?? []).find((s) => s.if === "runner.os == 'macOS'" && /^npm test -- e2e\/electron\.spec\.ts$/.test(s.run ?? ''));
  assert.ok(mac, 'macOS runs the Electron specs');
});

test('the Electron spec honours DYNODESK_REQUIRE_ELECTRON', () => {
  const spec = readFileSync(join(root, 'e2e', 'electron.spec.ts'), 'utf8');
  assert.match(spec, /process\.env\.DYNODESK_REQUIRE_ELECTRON === '1'/);
});
