// Config vars through the real CLI and engine: Heroku's 32 KB rule and NUL bytes are refused at
// config:set, with the rule in the message, and a refused change leaves the app as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectControl } from '../../../electron/host/control-client.js';
import { MAX_CONFIG_BYTES } from '../../../shared/validation.js';
import { cli, cliOk, startServe } from '../../helpers/cli.js';
import { fixture, httpGet } from '../../helpers/engine.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

interface AppRow { name: string; release: number }

const RULE = /at most 32768 bytes \(32 KB\), as on Heroku\. Nothing was changed\./;

test('config:set enforces 32 KB of config vars in all and refuses NUL bytes, changing nothing', { timeout: 180_000 }, async (t) => {
  const home = tempDir('ddv');
  t.after(() => home.remove());
  const serve = startServe(home.path, ['--no-dashboard']);
  t.after(async () => { await serve.stop(); });
  const routerPort = await serve.routerPort;
  await cliOk(home.path, ['deploy', fixture('app-node'), '--name', 'shop']);
  const release = async (): Promise<number> => (JSON.parse(await cliOk(home.path, ['apps', '--json'])) as AppRow[])[0]?.release ?? 0;
  const config = async (): Promise<unknown> => JSON.parse(await cliOk(home.path, ['config', '-a', 'shop', '--json']));

  // Exactly at the limit (A + 1 + BIG + value = 32768 bytes): accepted, and the dynos get it.
  const big = 'v'.repeat(MAX_CONFIG_BYTES - 'A1'.length - 'BIG'.length);
  await cliOk(home.path, ['config:set', 'A=1', `BIG=${big}`, '-a', 'shop']);
  await waitFor('BIG in the dyno', async () => (await httpGet(routerPort, 'shop.localhost', '/env/BIG')).body === big);
  const before = await release();

  // One byte more is refused with the rule, and nothing changes.
  const over = await cli(home.path, ['config:set', 'C=', '-a', 'shop']);
  assert.equal(over.code, 1);
  assert.match(over.stderr, /config vars too large: they would take 32769 bytes/);
  assert.match(over.stderr, RULE);
  // What used to be accepted and then broke every dyno (E2BIG at exec): refused too.
  const huge = await cli(home.path, ['config:set', `HUGE=${'h'.repeat(100 * 1024)}`, '-a', 'shop']);
  assert.equal(huge.code, 1);
  assert.match(huge.stderr, RULE);
  assert.deepEqual(await config(), { A: '1', BIG: big });
  assert.equal(await release(), before, 'no release was recorded');
  assert.equal((await httpGet(routerPort, 'shop.localhost', '/env/A')).body, '1', 'the dynos keep serving');

  // NUL bytes can't come through argv, but they can through the socket (or the dashboard).
  const client = await connectControl(home.path);
  t.after(() => client.close());
  await assert.rejects(client.call('config.set', { app: 'shop', vars: { TOKEN: 'ab\0cd' } }), /config var TOKEN contains a NUL byte/);
  await assert.rejects(client.call('config.set', { app: 'shop', vars: { 'TO\0KEN': 'abcd' } }), /invalid config var name: it contains a NUL byte/);
  assert.deepEqual(await config(), { A: '1', BIG: big });
  assert.equal(await release(), before);
});
