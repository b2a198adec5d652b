// git push to an app's remote, as a user does it: real git, a real bare repository in the data
// directory, its pre-receive hook running the real CLI against `dynodesk serve`, a real npm install.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, startServe } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';
import { ask, writeSlugApp } from '../engine/apps/helpers/slug-app.js';

const GIT_ENV = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.com' };

function git(cwd: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    // The pushing shell has no DYNODESK_HOME: the hook must not need one.
    const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_ENV };
    delete env.DYNODESK_HOME;
    const child = spawn('git', args, { cwd, env });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
    child.on('close', (code) => resolve({ code, out }));
  });
}

async function gitOk(cwd: string, args: string[]): Promise<string> {
  const r = await git(cwd, args);
  assert.equal(r.code, 0, `git ${args.join(' ')}: ${r.out}`);
  return r.out.trim();
}

async function commit(cwd: string, message: string): Promise<void> {
  await gitOk(cwd, ['add', '-A']);
  await gitOk(cwd, ['commit', '-qm', message]);
}

test('create + git push: builds the pushed commit in the push; failed builds are rejected and the old release serves; refusals', async (t) => {
  const home = tempDir('ddg');
  const work = tempDir('ddw');
  t.after(() => { home.remove(); work.remove(); });
  const serve = startServe(home.path, ['--no-dashboard']);
  t.after(() => { if (serve.child.exitCode === null) serve.child.kill('SIGKILL'); });
  const routerPort = await serve.routerPort;

  // Outside a git repository: the app is made, without a remote, and the user is told.
  const outside = join(work.path, 'plain');
  mkdirSync(outside);
  const lonely = await cli(home.path, ['create', 'lonely'], undefined, { cwd: outside });
  assert.equal(lonely.code, 0, lonely.stderr);
  assert.match(lonely.stderr, /is not in a git repository, so no git remote was added.*dynodesk git:remote -a lonely/);

  const repo = join(work.path, 'pushy');
  writeSlugApp(repo, 'one');
  await gitOk(repo, ['init', '-q', '-b', 'main']);
  await gitOk(repo, ['add', '-A']);
  await gitOk(repo, ['commit', '-qm', 'one']);
  const created = await cli(home.path, ['create', 'pushy'], undefined, { cwd: repo });
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stderr, /Git remote dynodesk added/);
  assert.equal(await gitOk(repo, ['remote', 'get-url', 'dynodesk']), join(home.path, 'repos', 'pushy.git'));
  const taken = await cli(home.path, ['create', 'pushy'], undefined, { cwd: repo });
  assert.equal(taken.code, 1);
  assert.match(taken.stderr, /Name pushy is already taken/);
  // No release yet; -a inferred from the repository's dynodesk remote.
  const releases0 = await cli(home.path, ['releases', '--json'], undefined, { cwd: repo });
  assert.equal(releases0.code, 0, releases0.stderr);
  assert.deepEqual(JSON.parse(releases0.stdout), []);

  const first = await git(repo, ['push', 'dynodesk', 'main']);
  assert.equal(first.code, 0, first.out);
  assert.match(first.out, /remote: -----> Node\.js app detected \(pushy\)/);
  assert.match(first.out, /remote: -----> Installing dependencies \(npm ci\)/);
  assert.match(first.out, /remote:        Released v1/);
  const one = await waitFor('v1 serving', async () => ask(routerPort, 'pushy').catch(() => null));
  assert.equal(one.version, 'one');
  assert.equal(one.minute, 60_000);
  const sha1 = await gitOk(repo, ['rev-parse', 'HEAD']);
  const listed = JSON.parse((await cli(home.path, ['releases', '-a', 'pushy', '--json'])).stdout) as { version: number; source: string; commit?: string }[];
  assert.deepEqual(listed.map((r) => [r.version, r.source, r.commit]), [[1, 'git', sha1]]);
  // npm writes a debug log into its cache folder (the build cache's, in a build) each time it runs.
  const npmLogs = join(home.path, 'cache', 'pushy', 'node', 'downloads', 'npm', '_logs');
  const npmRunsOfFirst = readdirSync(npmLogs);
  assert.ok(npmRunsOfFirst.length > 0, 'the first build ran npm, with the build cache as its cache');

  // Same lockfile: the build cache spares the install.
  writeFileSync(join(repo, 'version.txt'), 'two\n');
  await commit(repo, 'two');
  const second = await git(repo, ['push', 'dynodesk', 'HEAD:main']);
  assert.equal(second.code, 0, second.out);
  assert.match(second.out, /remote: -----> Restored node_modules from the build cache/);
  assert.doesNotMatch(second.out, /Installing dependencies/);
  assert.deepEqual(readdirSync(npmLogs), npmRunsOfFirst, 'the second build did not run npm at all');
  assert.match(second.out, /Released v2/);
  await waitFor('v2 serving', async () => ((await ask(routerPort, 'pushy').catch(() => null))?.version === 'two' ? true : null));
  const slugsBefore = readdirSync(join(home.path, 'slugs', 'pushy')).sort();

  // A build that fails rejects the push; v2 keeps serving and no slug is left behind.
  writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'slugdemo', version: '1.0.0', scripts: { start: 'node server.js', build: 'echo compiling; exit 3' }, dependencies: { ms: '2.1.3' } }));
  writeFileSync(join(repo, 'version.txt'), 'broken\n');
  await commit(repo, 'broken');
  const broken = await git(repo, ['push', 'dynodesk', 'main']);
  assert.notEqual(broken.code, 0);
  assert.match(broken.out, /remote:        compiling/);
  assert.match(broken.out, /remote:  !     Build failed: `npm run build` failed with exit code 3/);
  assert.match(broken.out, /\[remote rejected\] main -> main/);
  assert.equal((await ask(routerPort, 'pushy')).version, 'two');
  assert.deepEqual(readdirSync(join(home.path, 'slugs', 'pushy')).sort(), slugsBefore, 'the failed build left no slug');
  assert.equal(await gitOk(home.path, ['--git-dir', join(home.path, 'repos', 'pushy.git'), 'rev-parse', 'main']), await gitOk(repo, ['rev-parse', 'HEAD~1']), 'the branch was not moved');

  // Malformed Procfile: the line, in the push.
  writeFileSync(join(repo, 'Procfile'), 'web: node server.js\nthis is not a process\n');
  await commit(repo, 'procfile');
  const badProcfile = await git(repo, ['push', 'dynodesk', 'main']);
  assert.notEqual(badProcfile.code, 0);
  assert.match(badProcfile.out, /remote:  !     Procfile line 2/);

  // Other branches, and deleting main, are refused.
  const feature = await git(repo, ['push', 'dynodesk', 'HEAD:feature']);
  assert.notEqual(feature.code, 0);
  assert.match(feature.out, /branch other than main or master[\s\S]*git push dynodesk feature:main/);
  const deletion = await git(repo, ['push', 'dynodesk', ':main']);
  assert.notEqual(deletion.code, 0);
  assert.match(deletion.out, /Deleting main is not allowed/);

  // Rewritten history: a force push is a deploy like any other.
  await gitOk(repo, ['reset', '-q', '--hard', sha1]);
  writeFileSync(join(repo, 'version.txt'), 'three\n');
  await commit(repo, 'three');
  const forced = await git(repo, ['push', '--force', 'dynodesk', 'main']);
  assert.equal(forced.code, 0, forced.out);
  assert.match(forced.out, /Released v3/);
  await waitFor('v3 serving', async () => ((await ask(routerPort, 'pushy').catch(() => null))?.version === 'three' ? true : null));

  // Nothing runnable in the commit.
  for (const f of ['package.json', 'package-lock.json', 'server.js']) rmSync(join(repo, f));
  await commit(repo, 'empty');
  const empty = await git(repo, ['push', 'dynodesk', 'main']);
  assert.notEqual(empty.code, 0);
  assert.match(empty.out, /remote:  !     Nothing to run in the pushed commit [0-9a-f]{7}: looked for Procfile/);

  // No engine: the push fails with the CLI's message.
  assert.equal(await serve.stop(), 0);
  const noEngine = await git(repo, ['push', 'dynodesk', 'main']);
  assert.notEqual(noEngine.code, 0);
  assert.match(noEngine.out, /remote:  !     .*No Dynodesk engine is running for .*Start one with `npx dynodesk serve`/);
});
