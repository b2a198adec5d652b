// Another local user tries to take the control socket of a deep data dir (whose socket cannot live inside it):
// the engine must not listen where they can get first, and the CLI must not send them its commands.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { controlSocketPath } from '../../electron/host/control-path.js';
import { cli, cliOk, startServe } from '../helpers/cli.js';
import { OTHER_UID, otherUserUnavailable, SQUATTER_SCRIPT, startAsOtherUser } from '../helpers/other-user.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

// Each test gets a shared temp folder of its own, like /tmp (sticky, world-writable), so that nothing here touches
// the real /tmp/dynodesk-<uid>. Set in our environment because the CLI helpers pass it on to `dynodesk`.
delete process.env.XDG_RUNTIME_DIR;

interface Sandbox {
  /** A data dir too deep for `<dir>/control.sock` to fit in a Unix socket address. */
  home: string;
  /** Stopped at the end of the test, before the folder goes. */
  own(stop: () => Promise<unknown>): void;
}

function sandbox(t: TestContext): Sandbox {
  const shared = tempDir('ddq');
  chmodSync(shared.path, 0o1777);
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = shared.path;
  const stops: (() => Promise<unknown>)[] = [];
  t.after(async () => {
    for (const stop of stops.reverse()) await stop();
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    shared.remove();
  });
  return { home: join(shared.path, `home-${'h'.repeat(96)}`), own: (stop) => { stops.push(stop); } };
}

test('squatting the private socket folder first makes the engine refuse to start, naming it', { skip: otherUserUnavailable }, async (t) => {
  const { home, own } = sandbox(t);
  const path = controlSocketPath(home);
  const squatter = startAsOtherUser(SQUATTER_SCRIPT, [path]);
  own(() => squatter.stop());
  await squatter.ready;

  const serve = startServe(home, ['--no-dashboard']);
  own(() => serve.stop());
  serve.routerPort.catch(() => undefined); // it is not meant to get that far
  const started = await waitFor('serve to start or give up', () => serve.child.exitCode !== null || serve.output().includes('Press Ctrl-C'), 30_000);
  assert.ok(started);
  assert.equal(serve.child.exitCode, 1, `serve must refuse; it printed: ${serve.output()}`);
  assert.match(serve.output(), new RegExp(`Refusing to use ${dirname(path)} for the control socket: it belongs to uid ${OTHER_UID}, not to you`));
  assert.doesNotMatch(serve.output(), /Press Ctrl-C/);
});

test('with a squatter on the socket path and no engine, the CLI refuses and sends nothing', { skip: otherUserUnavailable }, async (t) => {
  const { home, own } = sandbox(t);
  const path = controlSocketPath(home);
  const squatter = startAsOtherUser(SQUATTER_SCRIPT, [path]);
  own(() => squatter.stop());
  await squatter.ready;

  const r = await cli(home, ['config:set', 'STRIPE_KEY=sk_live_secret', '-a', 'shop']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`Refusing to talk to the control socket ${path}: `));
  assert.doesNotMatch(squatter.output(), /GOT/, 'the squatter received nothing');
});

test('the socket name older versions put in the shared temp folder cannot be used against the engine', { skip: otherUserUnavailable }, async (t) => {
  const { home, own } = sandbox(t);
  const oldPath = join(dirname(home), `dynodesk-${createHash('sha256').update(home).digest('hex').slice(0, 16)}.sock`);
  const squatter = startAsOtherUser(SQUATTER_SCRIPT, [oldPath]);
  own(() => squatter.stop());
  await squatter.ready;

  const serve = startServe(home, ['--no-dashboard']);
  own(() => serve.stop());
  await serve.routerPort;
  const path = controlSocketPath(home);
  const folder = statSync(dirname(path));
  assert.equal(folder.uid, process.getuid?.(), 'the socket folder is ours');
  assert.equal(folder.mode & 0o777, 0o700, 'and private');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.match(await cliOk(home, ['apps']), /No apps/);
  await cli(home, ['config:set', 'STRIPE_KEY=sk_live_secret', '-a', 'nope']);
  assert.doesNotMatch(squatter.output(), /GOT/, 'the squatter received nothing');
  assert.equal(await serve.stop(), 0);
});
