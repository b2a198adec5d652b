import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build, detect, findExecutable } from '../../../electron/engine/build/index.js';
import type { BuildContext } from '../../../electron/engine/build/index.js';
import { fixture, rejectsUser, tempApp } from './helpers.js';

function hostEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('npm_')) env[k] = v;
  return env;
}

async function ctxFor(dir: string, extra: Partial<BuildContext> = {}): Promise<{ ctx: BuildContext; lines: string[] }> {
  const lines: string[] = [];
  const ctx: BuildContext = {
    plan: await detect(dir),
    app: 'test-app',
    dataDir: join(dir, '.data-unused'),
    env: hostEnv(),
    onLine: (line) => lines.push(line),
    ...extra,
  };
  return { ctx, lines };
}

/** A folder on PATH holding only node and npm, so tests control which tools "exist". */
let nodeOnlyBin = '';
before(async () => {
  nodeOnlyBin = await mkdtemp(join(tmpdir(), 'dynodesk-bin-'));
  for (const tool of ['node', 'npm']) {
    const found = findExecutable(tool, process.env as Record<string, string>);
    assert.ok(found, `${tool} must be on PATH for these tests`);
    await symlink(found, join(nodeOnlyBin, tool));
  }
});
after(async () => {
  await rm(nodeOnlyBin, { recursive: true, force: true });
});

describe('build: node', () => {
  it('skips the install when package.json has no dependencies, and says so', async () => {
    const { ctx, lines } = await ctxFor(fixture('app-node'));
    const result = await build(ctx);
    assert.deepEqual(result, { pathPrepend: [join(fixture('app-node'), 'node_modules', '.bin')], env: {} });
    assert.ok(lines.includes('-----> No dependencies in package.json: skipping install'), lines.join('\n'));
    assert.ok(lines.some((l) => /^-----> Using the system Node\.js v\d+\.\d+\.\d+ \(.+\): package\.json has no engines\.node$/.test(l)), lines.join('\n'));
    assert.equal(existsSync(join(fixture('app-node'), 'node_modules')), false, 'the fixture folder stays clean');
  });

  it('installs a local file: dependency with npm install (writing no lockfile), runs the build script with node_modules/.bin on PATH, then uses npm ci once there is a lockfile', async () => {
    const app = await tempApp({
      'vendor/tiny/package.json': JSON.stringify({ name: 'tiny', version: '1.0.0', main: 'index.js', bin: { 'tiny-cli': 'cli.js' } }),
      'vendor/tiny/index.js': 'module.exports = () => "tiny says hi";\n',
      'vendor/tiny/cli.js': '#!/usr/bin/env node\nrequire("node:fs").writeFileSync("built.txt", require("tiny")());\nconsole.log("tiny-cli built it");\n',
      'package.json': JSON.stringify({
        name: 'uses-tiny', version: '1.0.0', private: true,
        dependencies: { tiny: 'file:./vendor/tiny' },
        scripts: { build: 'tiny-cli', start: 'node -e 0' },
      }),
    });
    try {
      const first = await ctxFor(app.dir);
      const result = await build(first.ctx);
      assert.deepEqual(result.pathPrepend, [join(app.dir, 'node_modules', '.bin')]);
      assert.ok(first.lines.includes('-----> Installing dependencies (npm install --no-package-lock)'), first.lines.join('\n'));
      assert.ok(first.lines.includes('-----> Running npm run build'), first.lines.join('\n'));
      assert.ok(first.lines.includes('tiny-cli built it'), first.lines.join('\n'));
      assert.equal(await readFile(join(app.dir, 'built.txt'), 'utf8'), 'tiny says hi');
      assert.deepEqual(readdirSync(app.dir).sort(), ['built.txt', 'node_modules', 'package.json', 'vendor'], 'the install left no new file in the project');

      // The user's own lockfile is honoured with npm ci.
      const locked = spawnSync('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund'], { cwd: app.dir, env: hostEnv(), encoding: 'utf8' });
      assert.equal(locked.status, 0, locked.stderr);
      assert.ok(existsSync(join(app.dir, 'package-lock.json')));
      const second = await ctxFor(app.dir);
      await build(second.ctx);
      assert.ok(second.lines.includes('-----> Installing dependencies (npm ci)'), second.lines.join('\n'));
      assert.ok(existsSync(join(app.dir, 'node_modules', 'tiny', 'index.js')));
    } finally {
      await app.cleanup();
    }
  });

  it('prefers heroku-postbuild over build', async () => {
    const app = await tempApp({
      'package.json': JSON.stringify({ scripts: { start: 'x', build: 'echo from-build', 'heroku-postbuild': 'echo from-postbuild' } }),
    });
    try {
      const { ctx, lines } = await ctxFor(app.dir);
      await build(ctx);
      assert.ok(lines.includes('from-postbuild'), lines.join('\n'));
      assert.ok(!lines.includes('from-build'));
    } finally {
      await app.cleanup();
    }
  });

  it('a failing build script throws a UserError carrying the tail of the output', async () => {
    const app = await tempApp({
      'package.json': JSON.stringify({ scripts: { start: 'x', build: 'node fail.cjs' } }),
      'fail.cjs': 'for (let i = 0; i < 30; i++) console.log(`compiling ${i}`);\nconsole.error("error TS2322: boom");\nprocess.exit(2);\n',
    });
    try {
      const { ctx, lines } = await ctxFor(app.dir);
      const err = await rejectsUser(build(ctx), /^Build failed: `npm run build` failed with exit code 2\. Last output:\n/);
      assert.equal(err.code, 'failed');
      assert.match(err.message, /error TS2322: boom/);
      assert.match(err.message, /compiling 29/);
      assert.doesNotMatch(err.message, /compiling 3\n/, 'only the tail, not the whole log');
      assert.ok(lines.includes('error TS2322: boom'), 'every line was streamed too');
    } finally {
      await app.cleanup();
    }
  });

  it('cancelling kills the build and everything it started', async () => {
    const app = await tempApp({
      'package.json': JSON.stringify({ scripts: { start: 'x', build: 'node hang.cjs' } }),
      'hang.cjs': 'require("node:child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "inherit" });\nconsole.log("build started");\nsetInterval(() => {}, 1000);\n',
    });
    try {
      const controller = new AbortController();
      const { ctx } = await ctxFor(app.dir, { signal: controller.signal });
      ctx.onLine = (line) => { if (line === 'build started') controller.abort(); };
      await rejectsUser(build(ctx), 'Build cancelled');
      // The runner's leak check fails the suite if the hanging grandchild survived.
    } finally {
      await app.cleanup();
    }
  });

  it('names Node.js when node is not on the PATH', async () => {
    const emptyBin = await mkdtemp(join(tmpdir(), 'dynodesk-nobin-'));
    try {
      const { ctx } = await ctxFor(fixture('app-node'), { env: { ...hostEnv(), PATH: emptyBin } });
      const err = await rejectsUser(build(ctx),
        'This app needs Node.js, but "node" was not found on your PATH. Install Node.js 20 or later from nodejs.org and try again.');
      assert.equal(err.code, 'failed');
      const nodeOnly = await mkdtemp(join(tmpdir(), 'dynodesk-nodeonly-'));
      await symlink(join(nodeOnlyBin, 'node'), join(nodeOnly, 'node'));
      const noNpm = await ctxFor(fixture('app-node'), { env: { ...hostEnv(), PATH: nodeOnly } });
      await rejectsUser(build(noNpm.ctx), /^This app needs Node\.js, but "npm" was not found on your PATH\./);
      await rm(nodeOnly, { recursive: true, force: true });
      const stat = await ctxFor(fixture('app-static'), { env: { ...hostEnv(), PATH: emptyBin } });
      await rejectsUser(build(stat.ctx), /needs Node\.js, but "node" was not found/);
    } finally {
      await rm(emptyBin, { recursive: true, force: true });
    }
  });

  it('names pnpm or yarn when the lockfile asks for a tool that is missing', async () => {
    for (const [lockfile, tool] of [['pnpm-lock.yaml', 'pnpm'], ['yarn.lock', 'yarn']] as const) {
      const app = await tempApp({ 'package.json': JSON.stringify({ dependencies: { x: '1' }, scripts: { start: 'x' } }), [lockfile]: '' });
      try {
        const { ctx } = await ctxFor(app.dir, { env: { ...hostEnv(), PATH: nodeOnlyBin } });
        await rejectsUser(build(ctx), new RegExp(`^This app has a ${lockfile.replace('.', '\\.')}, but "${tool}" was not found on your PATH`));
      } finally {
        await app.cleanup();
      }
    }
  });

  it('procfile apps build nothing', async () => {
    const { ctx, lines } = await ctxFor(fixture('app-release'));
    assert.deepEqual(await build(ctx), { pathPrepend: [], env: {} });
    assert.ok(lines.some((l) => l.includes('Nothing to build')));
  });

  it('a folder that vanished between detect and build', async () => {
    const app = await tempApp({ Procfile: 'web: x\n' });
    const { ctx } = await ctxFor(app.dir);
    await app.cleanup();
    await rejectsUser(build(ctx), `No such folder: ${app.dir}`);
  });
});
