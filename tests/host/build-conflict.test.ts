// One build per app at a time, the --json shapes of create/releases/releases:info, and pushes to
// a destroyed app: the real CLI against `dynodesk serve`, real builds (tests/fixtures/build-slow,
// held open by its BUILD_GATE file instead of racing a timer) and real git pushes through the hook.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, cli, cliOk, startServe } from '../helpers/cli.js';
import { fixture, httpGet } from '../helpers/engine.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

const GIT_ENV = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.com' };

interface Done { code: number | null; stdout: string; stderr: string }
interface Running { output: () => string; done: Promise<Done> }

/** A command left running, its output readable while it runs. */
function launch(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Running {
  const child = spawn(command, args, { cwd, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  child.stdin.end();
  const done = new Promise<Done>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { output: () => stdout + stderr, done };
}

/** `dynodesk …args` run from `cwd`, as the user would in another terminal. */
function dynodesk(home: string, args: string[], cwd: string): Running {
  return launch(process.execPath, [BIN, ...args], cwd, { ...process.env, DYNODESK_HOME: home, DYNODESK_NO_BROWSER: '1' });
}

/** git in `cwd`; the pushing shell has no DYNODESK_HOME (the hook must not need one). */
function git(cwd: string, args: string[]): Running {
  const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_ENV };
  delete env.DYNODESK_HOME;
  return launch('git', args, cwd, env);
}

async function gitOk(cwd: string, args: string[]): Promise<string> {
  const r = await git(cwd, args).done;
  assert.equal(r.code, 0, `git ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout.trim();
}

async function json<T>(home: string, args: string[]): Promise<T> {
  return JSON.parse(await cliOk(home, [...args, '--json'])) as T;
}

interface Release { version: number; description: string; createdAt: string; current: boolean; status: string; source: string; commit?: string; restorable: boolean }

const RELEASE_KEYS = ['createdAt', 'current', 'description', 'restorable', 'source', 'status', 'version'];

function assertIsoTime(text: string): void {
  assert.equal(new Date(text).toISOString(), text, `${text} is an ISO 8601 UTC time`);
}

test('one build per app: a second deploy or push is refused and changes nothing; --json shapes; pushes to a destroyed app', async (t) => {
  const home = tempDir('ddc');
  const work = tempDir('ddcw');
  const gate = join(work.path, 'gate');
  const serve = startServe(home.path, ['--no-dashboard'], { BUILD_GATE: gate });
  t.after(async () => {
    writeFileSync(gate, '');
    if (serve.child.exitCode === null) await Promise.race([serve.stop(), new Promise((r) => setTimeout(r, 20_000))]);
    if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
    home.remove();
    work.remove();
  });
  const routerPort = await serve.routerPort;
  const slugsOf = (app: string): string[] => readdirSync(join(home.path, 'slugs', app));
  const bareMain = (app: string): Promise<string> => gitOk(home.path, ['--git-dir', join(home.path, 'repos', `${app}.git`), 'rev-parse', '--verify', '-q', 'refs/heads/main']);

  // A folder app, and a git app made by `create` in its repository.
  const folder = join(work.path, 'slowapp');
  cpSync(fixture('build-slow'), folder, { recursive: true });
  const repo = join(work.path, 'pushy');
  cpSync(fixture('build-slow'), repo, { recursive: true });
  await gitOk(repo, ['init', '-q', '-b', 'main']);
  await gitOk(repo, ['add', '-A']);
  await gitOk(repo, ['commit', '-qm', 'one']);
  const sha1 = await gitOk(repo, ['rev-parse', 'HEAD']);

  const created = await cli(home.path, ['create', 'pushy', '--json'], undefined, { cwd: repo });
  assert.equal(created.code, 0, created.stderr);
  assert.deepEqual(JSON.parse(created.stdout), {
    name: 'pushy', url: `http://pushy.localhost:${routerPort}`, gitRemote: join(home.path, 'repos', 'pushy.git'), remoteAdded: 'dynodesk',
  });
  assert.equal(await gitOk(repo, ['remote', 'get-url', 'dynodesk']), join(home.path, 'repos', 'pushy.git'));
  // Outside a git repository: a generated name, and no remote.
  const plain = join(work.path, 'plain');
  mkdirSync(plain);
  const generated = await cli(home.path, ['create', '--json'], undefined, { cwd: plain });
  assert.equal(generated.code, 0, generated.stderr);
  const gen = JSON.parse(generated.stdout) as { name: string };
  assert.match(gen.name, /^[a-z]+-[a-z]+-\d{4}$/);
  assert.deepEqual(gen, { name: gen.name, url: `http://${gen.name}.localhost:${routerPort}`, gitRemote: join(home.path, 'repos', `${gen.name}.git`), remoteAdded: null });

  await t.test('a second deploy and a second push while the first builds are refused, change nothing, and the first completes', async () => {
    const deploy1 = dynodesk(home.path, ['deploy'], folder);
    const push1 = git(repo, ['push', 'dynodesk', 'main']);
    await waitFor('the folder build to be running', () => deploy1.output().includes('slow build started'), 60_000);
    await waitFor('the pushed build to be running', () => push1.output().includes('remote:        slow build started'), 60_000);
    // Another commit, pushed from another terminal while the first push builds.
    writeFileSync(join(repo, 'note.txt'), 'two\n');
    await gitOk(repo, ['add', '-A']);
    await gitOk(repo, ['commit', '-qm', 'two']);
    const sha2 = await gitOk(repo, ['rev-parse', 'HEAD']);

    const [deploy2, push2] = await Promise.all([dynodesk(home.path, ['deploy'], folder).done, git(repo, ['push', 'dynodesk', 'main']).done]);
    assert.equal(deploy2.code, 1, deploy2.stderr);
    assert.match(deploy2.stderr, /A build of slowapp is already running: wait for it to finish, then deploy again/);
    assert.equal(deploy2.stdout, '');
    assert.doesNotMatch(deploy2.stderr, /app detected|Copied/, 'refused before it copied or built anything');
    const pushed2 = push2.stdout + push2.stderr;
    assert.notEqual(push2.code, 0, pushed2);
    assert.match(pushed2, /remote:  !     Push rejected:\s/);
    assert.match(pushed2, /remote:  !     A build of pushy is already running: wait for it to finish, then deploy again/);
    assert.match(pushed2, /\[remote rejected\] main -> main/);
    assert.doesNotMatch(pushed2, /app detected|Build failed/, 'refused before it built anything');

    // Nothing changed while the first builds: no release, no second slug, the branch not created.
    assert.deepEqual(await json(home.path, ['releases', '-a', 'pushy']), []);
    assert.equal(slugsOf('slowapp').length, 1, 'only the running build has a slug');
    assert.equal(slugsOf('pushy').length, 1, 'only the running build has a slug');
    assert.equal((await git(home.path, ['--git-dir', join(home.path, 'repos', 'pushy.git'), 'rev-parse', '--verify', '-q', 'refs/heads/main']).done).code, 1, 'main does not exist yet');
    assert.ok(deploy1.output().includes('slow build started') && !deploy1.output().includes('slow build done'), 'the first build was still running');

    writeFileSync(gate, '');
    const [first, firstPush] = await Promise.all([deploy1.done, push1.done]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /slow build done/);
    assert.match(first.stdout, /^Deployed slowapp v1 → http:\/\/slowapp\.localhost:\d+/);
    assert.equal(firstPush.code, 0, firstPush.stderr);
    assert.match(firstPush.stderr, /remote:        Released v1/);
    assert.doesNotMatch(first.stderr + firstPush.stderr, /Unknown env config/, "npm is not given pnpm's settings");
    assert.equal(await bareMain('pushy'), sha1, "the refused push's commit was not recorded");
    assert.notEqual(sha2, sha1);
    for (const app of ['slowapp', 'pushy']) {
      const served = await httpGet(routerPort, `${app}.localhost`);
      assert.equal(served.status, 200);
      assert.equal(served.body, 'Hello from build-slow on web.1\n');
      assert.equal(slugsOf(app).length, 1);
    }
    const folderReleases = await json<Release[]>(home.path, ['releases', '-a', 'slowapp']);
    assert.deepEqual(folderReleases.map((r) => [r.version, r.source, r.description]), [[1, 'folder', 'Initial release']]);
  });

  await t.test('releases --json and releases:info --json', async () => {
    // pushy: one git release.
    const pushed = await json<Release[]>(home.path, ['releases', '-a', 'pushy']);
    assert.equal(pushed.length, 1);
    const [v1] = pushed as [Release];
    assert.deepEqual(Object.keys(v1).sort(), [...RELEASE_KEYS, 'commit'].sort());
    assertIsoTime(v1.createdAt);
    assert.deepEqual({ ...v1, createdAt: '' }, {
      version: 1, description: `Deploy ${sha1.slice(0, 8)}`, createdAt: '', current: true, status: 'succeeded', source: 'git', commit: sha1, restorable: true,
    });
    assert.deepEqual(await json(home.path, ['releases:info', 'v1', '-a', 'pushy']), v1);
    assert.deepEqual(await json(home.path, ['releases:info', '-a', 'pushy']), v1, 'without vN: the current release');
    assert.match(await cliOk(home.path, ['releases:info', 'v1', '-a', 'pushy']), new RegExp(`Source: +git \\(commit ${sha1}\\)`));

    // slowapp: a config change makes v2 (same slug), v1 is no longer current.
    await cliOk(home.path, ['config:set', 'GREETING=hi', '-a', 'slowapp']);
    const both = await waitFor('v2 succeeded', async () => {
      const list = await json<Release[]>(home.path, ['releases', '-a', 'slowapp']);
      return list[0]?.status === 'succeeded' ? list : null;
    });
    for (const r of both) assert.deepEqual(Object.keys(r).sort(), RELEASE_KEYS, 'no commit key outside git releases');
    assert.deepEqual(both.map((r) => ({ ...r, createdAt: '' })), [
      { version: 2, description: 'Set GREETING config vars', createdAt: '', current: true, status: 'succeeded', source: 'config', restorable: true },
      { version: 1, description: 'Initial release', createdAt: '', current: false, status: 'succeeded', source: 'folder', restorable: true },
    ]);
    const [r2, r1] = both as [Release, Release];
    assertIsoTime(r2.createdAt);
    assert.ok(r2.createdAt >= r1.createdAt);
    assert.deepEqual(await json(home.path, ['releases:info', 'v1', '-a', 'slowapp']), r1);
    assert.deepEqual(await json(home.path, ['releases:info', '2', '-a', 'slowapp']), r2);
    assert.deepEqual(await json(home.path, ['releases:info', '-a', 'slowapp']), r2);
    const missing = await cli(home.path, ['releases:info', 'v7', '-a', 'slowapp', '--json']);
    assert.equal(missing.code, 1);
    assert.equal(missing.stdout, '', 'no JSON for a release that does not exist');
    assert.match(missing.stderr, /slowapp has no release v7/);
    const bad = await cli(home.path, ['releases:info', 'latest', '-a', 'slowapp', '--json']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /"latest" is not a release version: expected something like v4/);
  });

  await t.test('pushes to a destroyed app fail saying why', async () => {
    // Destroyed while its push builds: the push is rejected with the reason, and nothing is left behind.
    rmSync(gate, { force: true });
    const push = git(repo, ['push', 'dynodesk', 'main']);
    await waitFor('the pushed build to be running', () => push.output().includes('remote:        slow build started'), 60_000);
    assert.match(await cliOk(home.path, ['apps:destroy', 'pushy']), /Destroyed pushy/);
    writeFileSync(gate, '');
    const during = await push.done;
    const duringOut = during.stdout + during.stderr;
    assert.notEqual(during.code, 0, duringOut);
    assert.match(duringOut, /remote:  !     pushy was destroyed while it was being built/);
    assert.doesNotMatch(duringOut, /remote:  !     Build failed/, 'the reason, not what the build tripped over (its slug removed under it)');
    for (const left of [join('slugs', 'pushy'), join('cache', 'pushy'), join('repos', 'pushy.git')]) {
      assert.ok(!existsSync(join(home.path, left)), `${left} was removed with the app`);
    }

    // Afterwards: the remote is gone, and git says so.
    const after = await git(repo, ['push', 'dynodesk', 'main']).done;
    const afterOut = after.stdout + after.stderr;
    assert.notEqual(after.code, 0, afterOut);
    assert.ok(afterOut.includes(`'${join(home.path, 'repos', 'pushy.git')}' does not appear to be a git repository`), afterOut);
    const gone = await cli(home.path, ['releases', '-a', 'pushy']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /Couldn't find that app: pushy/);
    // The other app was not touched.
    assert.equal((await httpGet(routerPort, 'slowapp.localhost')).status, 200);
  });
});
