import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build, detect } from '../../../electron/engine/build/index.js';
import type { BuildContext } from '../../../electron/engine/build/index.js';
import { fixture, rejectsUser, tempApp } from './helpers.js';

const BIN = process.platform === 'win32' ? 'Scripts' : 'bin';
const PYTHON = process.platform === 'win32' ? 'python' : 'python3';

/** Why the venv tests cannot run here, or null if they can. */
function venvUnavailable(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import venv'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} is not on the PATH`;
  if (r.status !== 0) return `${PYTHON} has no venv module: ${r.stderr.trim()}`;
  return null;
}
const skip = venvUnavailable();
if (skip) console.log(`# skipping python venv builds: ${skip}`);

function hostEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return env;
}

/** Builds write into the folder they build (a slug, in the engine): never into a fixture. */
async function tempCopy(dir: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const copy = await mkdtemp(join(tmpdir(), 'dynodesk-slug-'));
  await cp(dir, copy, { recursive: true });
  return { dir: copy, cleanup: () => rm(copy, { recursive: true, force: true }) };
}

let dataDir = '';
before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'dynodesk-data-'));
});
after(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function ctxFor(dir: string, app: string, extra: Partial<BuildContext> = {}): Promise<{ ctx: BuildContext; lines: string[] }> {
  const lines: string[] = [];
  return { ctx: { plan: await detect(dir), app, dataDir, env: hostEnv(), onLine: (l) => lines.push(l), ...extra }, lines };
}

describe('build: python', { skip: skip ?? false }, () => {
  it('makes the venv inside the folder it builds (the slug), skips pip for an empty requirements.txt', async () => {
    const app = await tempCopy(fixture('app-python'));
    try {
      const { ctx, lines } = await ctxFor(app.dir, 'py');
      const result = await build(ctx);
      const venv = join(app.dir, '.dynodesk', 'venv');
      assert.deepEqual(result, { pathPrepend: [join(venv, BIN)], env: { VIRTUAL_ENV: venv, PYTHONUNBUFFERED: '1' } });
      assert.ok(lines.includes('-----> No requirements to install: skipping pip install'), lines.join('\n'));
      const py = spawnSync(join(venv, BIN, 'python'), ['-c', 'import sys; print(sys.prefix != sys.base_prefix)'], { encoding: 'utf8' });
      assert.equal(py.stdout.trim(), 'True', 'the venv python runs inside its venv');
      assert.deepEqual(readdirSync(fixture('app-python')).sort(), ['app.py', 'requirements.txt'], 'the fixture was not written');
    } finally {
      await app.cleanup();
    }
  });

  it('with a build cache, the next build gets the venv back, rewritten for its new folder, and skips pip', async () => {
    const cacheDir = join(dataDir, 'cache', 'relocate');
    const a = await tempCopy(fixture('app-python'));
    const b = await tempCopy(fixture('app-python'));
    try {
      await build((await ctxFor(a.dir, 'relocate', { cacheDir })).ctx);
      // A file only the cached venv has: finding it in b's venv proves b's came from the cache.
      writeFileSync(join(cacheDir, 'python', 'venv', 'from-the-cache'), 'kept\n');
      const { ctx, lines } = await ctxFor(b.dir, 'relocate', { cacheDir });
      await build(ctx);
      assert.ok(lines.includes('-----> Restored the virtualenv from the build cache: requirements unchanged, skipping pip install'), lines.join('\n'));
      const venvB = join(b.dir, '.dynodesk', 'venv');
      assert.equal(readFileSync(join(venvB, 'from-the-cache'), 'utf8'), 'kept\n', "b's venv is the cached one");
      assert.ok(!lines.some((l) => l.startsWith('-----> Creating virtualenv')), 'no venv was created');
      const activate = readFileSync(join(venvB, BIN, 'activate'), 'utf8');
      assert.ok(activate.includes(venvB) && !activate.includes(join(a.dir, '.dynodesk')), 'activate names the new folder');
      const py = spawnSync(join(venvB, BIN, 'python'), ['-c', 'import sys; print(sys.prefix)'], { encoding: 'utf8' });
      assert.equal(py.stdout.trim(), venvB, 'the restored venv runs as itself');
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
  });

  it('a failed pip install throws with the tail of its output', async () => {
    // --no-index keeps pip off the network: the package cannot be found, quickly.
    const app = await tempApp({ 'requirements.txt': '# deps\n--no-index\ndynodesk-no-such-package==1.0\n', 'app.py': '' });
    try {
      const { ctx, lines } = await ctxFor(app.dir, 'fails');
      const err = await rejectsUser(build(ctx), /^Build failed: `pip install` failed with exit code 1\. Last output:\n/);
      assert.match(err.message, /dynodesk-no-such-package/);
      assert.ok(lines.includes('-----> Installing requirements with pip'));
    } finally {
      await app.cleanup();
    }
  });

  it('treats a requirements.txt with only comments as empty', async () => {
    const app = await tempApp({ 'requirements.txt': '# nothing yet\n\n   # still nothing\n', 'app.py': '' });
    try {
      const { ctx, lines } = await ctxFor(app.dir, 'comments');
      await build(ctx);
      assert.ok(lines.includes('-----> No requirements to install: skipping pip install'));
    } finally {
      await app.cleanup();
    }
  });

  it('refuses Poetry-only dependencies with a way forward', async () => {
    const app = await tempApp({ 'pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.11"\nflask = "^3"\n', Procfile: 'web: flask run\n' });
    try {
      const { ctx } = await ctxFor(app.dir, 'poetry');
      await rejectsUser(build(ctx), /\[tool\.poetry\.dependencies\].*poetry export -f requirements\.txt/);
    } finally {
      await app.cleanup();
    }
  });
});

describe('build: python without python', () => {
  it('names Python when python3 is not on the PATH', async () => {
    const emptyBin = await mkdtemp(join(tmpdir(), 'dynodesk-nobin-'));
    try {
      const { ctx } = await ctxFor(fixture('app-python'), 'nopy', { env: { ...hostEnv(), PATH: emptyBin } });
      const err = await rejectsUser(build(ctx),
        `This app needs Python, but "${PYTHON}" was not found on your PATH. Install Python 3 from python.org and try again.`);
      assert.equal(err.code, 'failed');
    } finally {
      await rm(emptyBin, { recursive: true, force: true });
    }
  });
});
