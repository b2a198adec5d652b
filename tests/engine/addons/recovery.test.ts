// Starting with add-ons when something is off: the saved Postgres port taken by another program (the
// server moves, every attached app gets the new URL with a release), a Postgres data directory that
// is not ours to run (refused, kept, named).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allUp, fixture, httpGet, openEngine, waitForDynos } from '../../helpers/engine.js';
import { tempDir } from '../../helpers/tmp.js';

test('the saved Postgres port is taken at start: it moves, the app gets a release with the new URL, the data stays', { timeout: 300_000 }, async (t) => {
  const home = tempDir('ddp');
  t.after(() => home.remove());
  let e = await openEngine({ dataDir: home.path });
  t.after(() => e.close());
  await e.call('apps.deploy', { path: fixture('addon-app'), name: 'shop' });
  const { addon } = await e.call('addons.create', { app: 'shop', service: 'postgres' });
  await waitForDynos(e, 'shop', allUp({ web: 1 }), 'web up');
  assert.equal((await httpGet(e.engine.routerPort, 'shop.localhost', '/visit')).body, '1');
  const oldUrl = (await e.call('config.get', { app: 'shop' })).DATABASE_URL ?? '';
  const oldRelease = (await e.call('apps.info', { app: 'shop' })).release;
  await e.close();

  const squatter = createServer();
  await new Promise<void>((resolve) => squatter.listen(addon.port ?? 0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => squatter.close(() => resolve())));
  e = await openEngine({ dataDir: home.path });
  const info = await e.call('apps.info', { app: 'shop' });
  const newUrl = (await e.call('config.get', { app: 'shop' })).DATABASE_URL ?? '';
  assert.notEqual(newUrl, oldUrl);
  assert.equal(newUrl, oldUrl.replace(`:${addon.port}/`, `:${(await e.call('addons.list', {}))[0]?.port}/`));
  assert.equal(info.release, oldRelease + 1);
  assert.match(info.releases[0]?.description ?? '', /Update DATABASE_URL: postgresql-[a-z]+-\d+ moved to another port/);
  await waitForDynos(e, 'shop', allUp({ web: 1 }), 'web up');
  assert.equal((await httpGet(e.engine.routerPort, 'shop.localhost', '/visit')).body, '2');
});

test('a Postgres data directory from another version is refused, kept and named; the engine still starts', { timeout: 300_000 }, async (t) => {
  const home = tempDir('ddq');
  t.after(() => home.remove());
  let e = await openEngine({ dataDir: home.path });
  t.after(() => e.close());
  await e.call('apps.deploy', { path: fixture('app-node'), name: 'shop' });
  await e.call('addons.create', { app: 'shop', service: 'postgres' });
  await e.close();

  const pgData = join(home.path, 'addons', 'postgres', 'data');
  writeFileSync(join(pgData, 'PG_VERSION'), '9\n');
  const warnings: string[] = [];
  e = await openEngine({ dataDir: home.path, onWarning: (m) => warnings.push(m) });
  assert.ok(warnings.some((w) => w.includes(`The PostgreSQL data directory ${pgData} is from PostgreSQL 9`) && w.includes('left as it is')), warnings.join('\n'));
  const [row] = await e.call('addons.list', {});
  assert.equal(row?.state, 'failed');
  assert.match(row?.detail ?? '', /is from PostgreSQL 9/);
  assert.equal(readFileSync(join(pgData, 'PG_VERSION'), 'utf8'), '9\n', 'kept as it was');
  assert.equal((await e.call('apps.list', {}))[0]?.name, 'shop', 'the apps run on');
});
