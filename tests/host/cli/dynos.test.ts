// The dyno manager from the command line, as on Heroku: a crashed dyno's next restart in `ps`,
// `run TYPE`, one-off output kept out of the log, `run:detached` into it, `ps:kill` of a one-off,
// and `logs --source`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alive, fixture, httpGet } from '../../helpers/engine.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';
import { cli, cliOk as ok, startServe } from '../../helpers/cli.js';

interface PsJson { name: string; state: string; pid: number | null; restartAt: number | null }

test('crash countdown in ps, run TYPE, run:detached, ps:kill of a one-off, logs --source', async (t) => {
  const home = tempDir('ddy');
  t.after(() => home.remove());
  const serve = startServe(home.path, ['--no-dashboard']);
  t.after(() => { if (serve.child.exitCode === null) serve.child.kill('SIGKILL'); });
  const routerPort = await serve.routerPort;
  const ps = async (): Promise<PsJson[]> => JSON.parse(await ok(home.path, ['ps', '-a', 'crashy', '--json'])) as PsJson[];
  const logs = (...flags: string[]): Promise<string> => ok(home.path, ['logs', '-a', 'crashy', '-n', '1000', ...flags]);

  // dyno-crash's web dyno exits 3 shortly after every start: Dynodesk keeps restarting it, later each time.
  const deployed = await cli(home.path, ['deploy', fixture('dyno-crash'), '--name', 'crashy']);
  assert.equal(deployed.code, 0, deployed.stderr);
  const seen = await waitFor('web.1 crashed, waiting to restart', async () => {
    const at = Date.now();
    const d = (await ps()).find((x) => x.name === 'web.1');
    return d?.state === 'crashed' && d.restartAt !== null ? { restartAt: d.restartAt, at } : null;
  });
  assert.ok(seen.restartAt > seen.at - 60_000 && seen.restartAt <= seen.at + 20 * 60_000, `restartAt ${seen.restartAt} at ${seen.at}`);
  // The cool-off grows (1 s, 2 s, 4 s…), so the countdown soon lasts long enough to be read.
  await waitFor('the countdown in ps', async () => /^web\.1: crashed, restarting (in \d+s|now)/m.test(await ok(home.path, ['ps', '-a', 'crashy'])));
  await ok(home.path, ['ps:scale', 'web=0', '-a', 'crashy']);
  await waitFor('the crash loop scaled away', async () => (await ps()).length === 0);

  // `run web` runs the web process type's command; its output stays in the terminal.
  const run = await cli(home.path, ['run', '-a', 'crashy', 'web']);
  assert.equal(run.code, 3, run.stderr);
  assert.match(run.stdout, /run\.1 about to crash/);
  assert.match(run.stderr, /Running web on crashy\.\.\. up, run\.1/);
  const runLog = await logs('--dyno', 'run.1');
  assert.match(runLog, /dynodesk\[run\.1\]: Starting process with command `node crash\.cjs` by user$/m);
  assert.match(runLog, /dynodesk\[run\.1\]: Process exited with status 3$/m);
  assert.doesNotMatch(runLog, /about to crash/, 'a one-off\'s output is not in the log');
  assert.doesNotMatch(runLog, /app\[run\.1\]/);
  // Anything else is a shell command, as before.
  assert.match(await ok(home.path, ['run', '-a', 'crashy', 'echo', 'web']), /^web\r?$/m);

  // run:detached returns at once; the output goes to the log as app[run.N].
  const detached = await ok(home.path, ['run:detached', '-a', 'crashy', 'echo', 'detached-$DYNO']);
  const name = /^Running echo detached-\$DYNO on crashy\.\.\. up, (run\.\d+)$/m.exec(detached)?.[1];
  assert.ok(name, detached);
  await waitFor('the detached output in the log', async () => new RegExp(`app\\[${name.replace('.', '\\.')}\\]: detached-${name.replace('.', '\\.')}$`, 'm').test(await logs('--dyno', name)));
  const noCommand = await cli(home.path, ['run:detached', '-a', 'crashy']);
  assert.equal(noCommand.code, 1);
  assert.match(noCommand.stderr, /Usage: dynodesk run:detached COMMAND/);

  // ps:kill ends a one-off.
  const sleeper = /up, (run\.\d+)$/m.exec(await ok(home.path, ['run:detached', '-a', 'crashy', 'sleep', '600']))?.[1];
  assert.ok(sleeper);
  const pid = await waitFor('the sleeper listed', async () => (await ps()).find((d) => d.name === sleeper)?.pid);
  assert.match(await ok(home.path, ['ps:kill', sleeper, '-a', 'crashy']), new RegExp(`Stopping ${sleeper.replace('.', '\\.')} dyno on crashy\\.\\.\\. done`));
  await waitFor('the sleeper gone', async () => !(await ps()).some((d) => d.name === sleeper));
  assert.equal(alive(pid), false, 'ps:kill ended the one-off\'s process');

  // A router line too (no web dyno: H14), so that every source has lines.
  assert.equal((await httpGet(routerPort, 'crashy.localhost')).status, 503);
  await waitFor('the router line', async () => /dynodesk\[router\]: at=error code=H14/.test(await logs()));

  const appOnly = (await logs('--source', 'app')).trim().split('\n');
  assert.ok(appOnly.length > 0 && appOnly.every((l) => /^\S+ app\[/.test(l)), appOnly.join('\n'));
  assert.ok(appOnly.some((l) => l.endsWith('app[web.1]: web.1 about to crash')));
  const ours = (await logs('--source', 'dynodesk')).trim().split('\n');
  assert.ok(ours.every((l) => /^\S+ dynodesk\[/.test(l)), ours.join('\n'));
  for (const dyno of ['api', 'router', 'web.1', sleeper]) assert.ok(ours.some((l) => l.includes(` dynodesk[${dyno}]: `)), dyno);
  const web1App = (await logs('--source', 'app', '--dyno', 'web.1')).trim().split('\n');
  assert.ok(web1App.length > 0 && web1App.every((l) => l.includes(' app[web.1]: ')), web1App.join('\n'));
  const webOurs = (await logs('--source', 'dynodesk', '--dyno', 'web')).trim().split('\n');
  assert.ok(webOurs.length > 0 && webOurs.every((l) => / dynodesk\[web\.\d+\]: /.test(l)), webOurs.join('\n'));
  const bad = await cli(home.path, ['logs', '-a', 'crashy', '--source', 'heroku']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--source must be app or dynodesk, got "heroku"/);

  assert.equal(await serve.stop(), 0, serve.output());
});
