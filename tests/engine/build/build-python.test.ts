import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readlink, rm } from 'node:fs/promises';
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
  it('makes a venv in the data directory, skips pip for an empty requirements.txt, and keeps the app folder clean', async () => {
    const { ctx, lines } = await ctxFor(fixture('app-python'), 'py');
    const result = await build(ctx);
    const link = join(dataDir, 'build', 'py', 'venv');
    assert.deepEqual(result, { pathPrepend: [join(link, BIN)], env: { VIRTUAL_ENV: link, PYTHONUNBUFFERED: '1' } });
    assert.ok(lines.includes('-----> No requirements to install: skipping pip install'), lines.join('\n'));
    const py = spawnSync(join(link, BIN, 'python'), ['-c', 'import sys; print(sys.prefix != sys.base_prefix)'], { encoding: 'utf8' });
    assert.equal(py.stdout.trim(), 'True', 'the venv python runs inside its venv');
    assert.deepEqual(readdirSync(fixture('app-python')).sort(), ['app.py', 'requirements.txt']);
  });

  it('swaps in a new venv on success and keeps only the previous one', async () => {
    const link = join(dataDir, 'build', 'swap', 'venv');
    const targets: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { ctx } = await ctxFor(fixture('app-python'), 'swap');
      await build(ctx);
      targets.push(await readlink(link));
    }
    assert.equal(new Set(targets).size, 3, 'every build gets a fresh venv');
    const kept = readdirSync(join(dataDir, 'build', 'swap', 'venvs')).map((n) => join(dataDir, 'build', 'swap', 'venvs', n)).sort();
    assert.deepEqual(kept, [targets[1], targets[2]].sort(), 'the previous venv stays for dynos still running; older ones go');
  });

  it('a failed pip install throws with the tail of its output and leaves the current venv in place', async () => {
    const good = await ctxFor(fixture('app-python'), 'fails');
    await build(good.ctx);
    const link = join(dataDir, 'build', 'fails', 'venv');
    const before = await readlink(link);
    // --no-index keeps pip off the network: the package cannot be found, quickly.
    const app = await tempApp({ 'requirements.txt': '# deps\n--no-index\ndynodesk-no-such-package==1.0\n', 'app.py': '' });
    try {
      const { ctx, lines } = await ctxFor(app.dir, 'fails');
      const err = await rejectsUser(build(ctx), /^Build failed: `pip install` failed with exit code 1\. Last output:\n/);
      assert.match(err.message, /dynodesk-no-such-package/);
      assert.ok(lines.includes('-----> Installing requirements with pip'));
      assert.equal(await readlink(link), before, 'the running release keeps its venv');
      assert.ok(existsSync(join(link, BIN)));
      assert.deepEqual(readdirSync(join(dataDir, 'build', 'fails', 'venvs')).length, 1, 'the failed venv was removed');
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
