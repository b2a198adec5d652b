// The add-on commands through the real CLI and `dynodesk serve`, and an engine killed with SIGKILL:
// its add-on servers are orphans in its record, the next engine stops them, recovers the Postgres
// data directory (stale postmaster.pid included) and serves the same data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliOk, startServe, type Serve } from '../../helpers/cli.js';
import { alive, fixture, httpGet } from '../../helpers/engine.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

interface AddonRow { name: string; service: string; app: string; configVar: string; state: string; port: number }

const linuxOnly = { skip: process.platform !== 'linux' ? 'reads /proc' : false, timeout: 600_000 } as const;

async function stopServe(s: Serve): Promise<void> {
  if (s.child.exitCode === null && s.child.signalCode === null) await s.stop();
}

function postmasterPid(home: string): number {
  return Number(readFileSync(join(home, 'addons', 'postgres', 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

test('addons:create, addons, pg:psql, redis:cli, addons:destroy; an engine SIGKILLed leaves nothing the next one does not recover', linuxOnly, async (t) => {
  const home = tempDir('ddc');
  t.after(() => home.remove());
  const first = startServe(home.path, ['--no-dashboard']);
  t.after(() => { if (first.child.exitCode === null) first.child.kill('SIGKILL'); });
  const routerPort = await first.routerPort;
  await cliOk(home.path, ['deploy', fixture('addon-app'), '--name', 'shop']);

  const unknown = await cli(home.path, ['addons:create', 'mongodb', '-a', 'shop']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /Unknown add-on service "mongodb". Supported here: heroku-postgresql .* heroku-redis/);

  const pgOut = await cliOk(home.path, ['addons:create', 'heroku-postgresql', '-a', 'shop']);
  assert.match(pgOut, /Created postgresql-[a-z]+-\d+ as DATABASE_URL on shop, v\d+/);
  await cliOk(home.path, ['addons:create', 'heroku-redis', '-a', 'shop', '--as', 'CACHE']);
  const rows = JSON.parse(await cliOk(home.path, ['addons', '--json'])) as AddonRow[];
  assert.deepEqual(rows.map((r) => Object.keys(r).sort()), rows.map(() => ['app', 'configVar', 'createdAt', 'detail', 'name', 'plan', 'port', 'service', 'state']));
  assert.deepEqual(rows.map((r) => [r.service, r.configVar, r.state]).sort(), [['heroku-postgresql', 'DATABASE_URL', 'available'], ['heroku-redis', 'CACHE_URL', 'available']]);
  assert.match(await cliOk(home.path, ['addons', '-a', 'shop']), /DATABASE_URL +available/);

  await waitFor('a visit to be counted', async () => (await httpGet(routerPort, 'shop.localhost', '/visit')).body === '1');
  assert.match(await cliOk(home.path, ['pg:psql', '-a', 'shop', '-c', 'SELECT count(*) AS visits FROM visits']), /visits\s*-+\s*1\s/);
  assert.equal((await cliOk(home.path, ['redis:cli', '-a', 'shop', 'SET', 'greeting', 'hello'])).trim(), 'OK');
  assert.match(await cliOk(home.path, ['pg:info', '-a', 'shop']), /=== DATABASE_URL[\s\S]*Status: +available[\s\S]*PG Version: +17/);
  const refused = await cli(home.path, ['pg:reset', '-a', 'shop']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /--confirm shop/);

  // SIGKILL: nothing stops the servers, which live on in sessions of their own until the next engine.
  const pgPid = postmasterPid(home.path);
  const gone = new Promise((resolve) => first.child.once('exit', resolve));
  first.child.kill('SIGKILL');
  await gone;
  assert.ok(alive(pgPid), 'postgres outlived its engine (it is in the record)');

  const second = startServe(home.path, ['--no-dashboard']);
  t.after(() => stopServe(second));
  const port2 = await second.routerPort;
  assert.match(second.output(), /Stopped \d+ process\(es\) left running by a previous engine/);
  assert.equal(alive(pgPid), false, 'the old postgres was stopped');
  assert.notEqual(postmasterPid(home.path), pgPid, 'a new postgres runs on the same data directory');
  await waitFor('shop to serve again', async () => (await httpGet(port2, 'shop.localhost', '/visits')).body === '1', 60_000);
  assert.equal((await cliOk(home.path, ['redis:cli', '-a', 'shop', 'GET', 'greeting'])).trim(), 'hello');

  // Destroy: refused without --confirm, then done with it.
  const name = rows.find((r) => r.service === 'heroku-redis')?.name ?? assert.fail('no redis row');
  const noConfirm = await cli(home.path, ['addons:destroy', name, '-a', 'shop']);
  assert.equal(noConfirm.code, 1);
  assert.match(noConfirm.stderr, /This destroys redis-[a-z]+-\d+ and its data for good\. To proceed, run the command again with --confirm shop/);
  assert.match(await cliOk(home.path, ['addons:destroy', name, '--confirm', 'shop']), new RegExp(`Destroyed ${name} on shop`));
  const destroyed = await cli(home.path, ['apps:destroy', 'shop']);
  assert.equal(destroyed.code, 0);
  assert.match(destroyed.stderr, /Destroying shop also destroys its add-ons and their data: postgresql-[a-z]+-\d+ \(DATABASE_URL\)/);
  assert.equal((await cliOk(home.path, ['addons'])).trim(), 'No add-ons. Create one with `dynodesk addons:create heroku-postgresql -a APP`.');
});
