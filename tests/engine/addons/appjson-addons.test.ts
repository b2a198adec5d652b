// app.json `addons` on a first deploy: provisioned before the release phase, so a migration in
// `release:` finds its database (as on Heroku's first push).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allUp, fixture, httpGet, openEngine, waitForDynos } from '../../helpers/engine.js';

test('app.json add-ons exist before the first release phase, which migrates the database', { timeout: 300_000 }, async (t) => {
  const e = await openEngine();
  t.after(() => e.close());
  const deployed = await e.call('apps.deploy', { path: fixture('addon-appjson') });
  const app = deployed.app.name;
  assert.equal(app, 'addon-appjson');
  assert.equal(deployed.release, 1, 'the add-ons are part of the initial release');
  const addons = await e.call('addons.list', { app });
  assert.deepEqual(addons.map((a) => [a.service, a.configVar, a.plan]).sort(), [['heroku-postgresql', 'DATABASE_URL', 'essential-0'], ['heroku-redis', 'CACHE_URL', null]]);
  const log = (await e.call('logs.get', { app, lines: 500 })).filter((l) => l.dyno === 'release.1').map((l) => l.text);
  assert.ok(log.includes('migrated'), `release phase output: ${log.join(' | ')}`);
  await waitForDynos(e, app, allUp({ web: 1 }), 'web to be up');
  assert.equal((await httpGet(e.engine.routerPort, `${app}.localhost`, '/migrated')).body, '1');
  // A redeploy provisions nothing more (Heroku reads app.json add-ons at creation only).
  await e.call('apps.deploy', { path: fixture('addon-appjson') });
  assert.equal((await e.call('addons.list', { app })).length, 2);
});

test('app.json add-ons: a failed release phase leaves no add-on behind', { timeout: 300_000 }, async (t) => {
  const e = await openEngine();
  t.after(() => e.close());
  // A bad attachment name fails before anything is built or provisioned.
  const { mkdtempSync, writeFileSync, cpSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'ddj-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(fixture('addon-appjson'), dir, { recursive: true });
  writeFileSync(join(dir, 'app.json'), JSON.stringify({ addons: [{ plan: 'heroku-redis', as: 'cache' }] }));
  await assert.rejects(e.call('apps.deploy', { path: dir, name: 'broken' }), /app\.json: addons\[0\]: Invalid --as name "cache"/);
  // The release phase fails (no CACHE_URL): the Postgres it got is dropped again. Heroku-only add-ons are skipped.
  writeFileSync(join(dir, 'app.json'), JSON.stringify({ addons: ['papertrail', 'heroku-postgresql'] }));
  await assert.rejects(e.call('apps.deploy', { path: dir, name: 'broken' }), /release/i);
  assert.deepEqual(await e.call('addons.list', {}), []);
});
