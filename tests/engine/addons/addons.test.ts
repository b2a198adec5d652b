// Postgres and Redis add-ons on a real engine with real servers and real dynos (addon-app installs
// `pg` from the npm registry): provisioning, the variables in the dyno, bad input changing nothing,
// per-app isolation, secrets kept out of logs and ps, data across an engine restart, destroy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { allUp, fixture, httpGet, openEngine, waitForDynos, type TestEngine } from '../../helpers/engine.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

const PG_URL = /^postgres:\/\/(u[0-9a-f]+):([A-Za-z0-9_-]{20,})@127\.0\.0\.1:(\d+)\/(d[0-9a-f]+)$/;
const REDIS_URL = /^redis:\/\/:([A-Za-z0-9_-]{20,})@127\.0\.0\.1:(\d+)$/;

async function get(t: TestEngine, app: string, path: string): Promise<string> {
  const r = await httpGet(t.engine.routerPort, `${app}.localhost`, path);
  assert.equal(r.status, 200, `${path}: ${r.body}`);
  return r.body;
}

async function release(t: TestEngine, app: string): Promise<number> {
  return (await t.call('apps.info', { app })).release;
}

/** Connect with a URL (or parts of one) and run one query; rejects with the server's refusal. */
async function pgQuery(url: string, sql: string, database?: string): Promise<unknown[]> {
  const u = new URL(url);
  const client = new pg.Client({ host: u.hostname, port: Number(u.port), user: u.username, password: decodeURIComponent(u.password), database: database ?? u.pathname.slice(1) });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Every process's command line on this machine (Linux), for "no password in ps". */
function allCommandLines(): string {
  if (process.platform !== 'linux') return '';
  let out = '';
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try { out += `${readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ')}\n`; } catch { /* gone */ }
  }
  return out;
}

test('Postgres and Redis add-ons: attached as config releases, isolated per app, kept across restarts, destroyed on request', { timeout: 600_000 }, async (t) => {
  const home = tempDir('dda');
  t.after(() => home.remove());
  let e = await openEngine({ dataDir: home.path });
  t.after(() => e.close());

  await e.call('apps.deploy', { path: fixture('addon-app'), name: 'shop' });
  const v1 = await release(e, 'shop');

  // Bad input is refused, says why, and changes nothing.
  await assert.rejects(e.call('addons.create', { app: 'nope', service: 'postgres' }), /Couldn't find that app: nope/);
  await assert.rejects(e.call('addons.create', { app: 'shop', service: 'mysql' }), /Unknown add-on service "mysql".*heroku-postgresql.*heroku-redis/);
  await assert.rejects(e.call('addons.create', { app: 'shop', service: 'postgres', as: 'bad name' }), /Invalid --as name/);
  assert.equal(await release(e, 'shop'), v1);
  assert.deepEqual(await e.call('addons.list', {}), []);

  // Postgres: DATABASE_URL with a role, password, port and database of its own, in the dyno's environment.
  const created = await e.call('addons.create', { app: 'shop', service: 'heroku-postgresql:essential-0' });
  assert.equal(created.addon.service, 'heroku-postgresql');
  assert.equal(created.addon.configVar, 'DATABASE_URL');
  assert.equal(created.addon.plan, 'essential-0');
  assert.equal(created.release, v1 + 1, 'attaching is a config release');
  const dbUrl = (await e.call('config.get', { app: 'shop' })).DATABASE_URL ?? '';
  const [, , dbPassword, dbPort] = PG_URL.exec(dbUrl) ?? assert.fail(`DATABASE_URL ${dbUrl}`);
  await waitForDynos(e, 'shop', allUp({ web: 1 }), 'web to be up');
  assert.equal(JSON.parse(await get(e, 'shop', '/env')).DATABASE_URL, dbUrl);
  assert.equal(await get(e, 'shop', '/visit'), '1');
  assert.equal(await get(e, 'shop', '/visit'), '2');

  // A second one under the same name is refused; under a name of its own (--as) it would be fine.
  await assert.rejects(e.call('addons.create', { app: 'shop', service: 'postgres' }), /DATABASE_URL is already attached to shop by postgresql-[a-z]+-\d+: attach another one .*--as NAME/);

  // Redis: REDIS_URL; the worker counts in it.
  const redis = await e.call('addons.create', { app: 'shop', service: 'redis' });
  assert.equal(redis.addon.configVar, 'REDIS_URL');
  await assert.rejects(e.call('addons.create', { app: 'shop', service: 'heroku-redis:mini', as: 'REDIS' }), /REDIS_URL is already attached/);
  const redisUrl = (await e.call('config.get', { app: 'shop' })).REDIS_URL ?? '';
  const [, redisPassword] = REDIS_URL.exec(redisUrl) ?? assert.fail(`REDIS_URL ${redisUrl}`);
  await e.call('ps.scale', { app: 'shop', formation: { worker: 1 } });
  await waitFor('the worker to count ticks in Redis', async () => Number(await get(e, 'shop', '/ticks')) > 3);

  const list = await e.call('addons.list', { app: 'shop' });
  assert.deepEqual(list.map((a) => [a.service, a.configVar, a.state, a.app]).sort(), [
    ['heroku-postgresql', 'DATABASE_URL', 'available', 'shop'], ['heroku-redis', 'REDIS_URL', 'available', 'shop'],
  ]);
  assert.equal(list.find((a) => a.service === 'heroku-postgresql')?.port, Number(dbPort));
  const info = await e.call('addons.info', { name: created.addon.name });
  assert.ok(!info.maskedUrl.includes(dbPassword ?? '?'), 'addons:info masks the password');
  assert.ok((info.diskBytes ?? 0) > 0);

  // Passwords appear in no log line and in no process's command line.
  const logText = (await e.call('logs.get', { app: 'shop', lines: 5000 })).map((l) => l.text).join('\n');
  assert.match(logText, /Attach postgresql-[a-z]+-\d+ as DATABASE_URL/);
  for (const secret of [dbPassword, redisPassword]) {
    assert.ok(!logText.includes(secret ?? '?'), 'no password in the log stream');
    assert.ok(!allCommandLines().includes(secret ?? '?'), 'no password in any command line');
  }

  // Destroy needs the app's name repeated; without it nothing changes.
  const before = await release(e, 'shop');
  await assert.rejects(e.call('addons.destroy', { app: 'shop', name: redis.addon.name }), new RegExp(`--confirm shop`));
  await assert.rejects(e.call('addons.destroy', { app: 'shop', name: redis.addon.name, confirm: 'shopp' }), /does not match the app's name, shop/);
  assert.equal(await release(e, 'shop'), before);
  assert.equal((await e.call('addons.list', { app: 'shop' })).length, 2);

  // Isolation: another app's database can't be opened with shop's credentials, nor the maintenance one.
  const blogDir = tempDir('ddb');
  t.after(() => blogDir.remove());
  cpSync(fixture('addon-app'), blogDir.path, { recursive: true });
  await e.call('apps.deploy', { path: blogDir.path, name: 'blog' });
  await e.call('addons.create', { app: 'blog', service: 'postgresql' });
  const blogUrl = (await e.call('config.get', { app: 'blog' })).DATABASE_URL ?? '';
  const blogDb = PG_URL.exec(blogUrl)?.[4] ?? assert.fail(blogUrl);
  assert.notEqual(blogUrl, dbUrl);
  await assert.rejects(pgQuery(dbUrl, 'SELECT 1', blogDb), /permission denied for database/);
  await assert.rejects(pgQuery(dbUrl, 'SELECT 1', 'postgres'), /permission denied for database/);
  await assert.rejects(pgQuery(blogUrl.replace(/:[^:@]+@/, ':wrong-password@'), 'SELECT 1'), /password authentication failed/);
  assert.deepEqual(await pgQuery(dbUrl, 'SELECT count(*)::int AS n FROM visits'), [{ n: 2 }]);

  // An engine restart: the same servers' data, the same URLs, the visits still counted.
  const ticks = Number(await get(e, 'shop', '/ticks'));
  await e.close();
  e = await openEngine({ dataDir: home.path });
  assert.equal((await e.call('config.get', { app: 'shop' })).DATABASE_URL, dbUrl);
  assert.ok((await e.call('addons.list', {})).every((a) => a.state === 'available'));
  await waitForDynos(e, 'shop', allUp({ web: 1, worker: 1 }), 'shop to be back');
  assert.equal(await get(e, 'shop', '/visit'), '3');
  assert.ok(Number(await get(e, 'shop', '/ticks')) >= ticks, 'Redis kept its data (AOF)');

  // Destroy: the variable is unset with a release, the data is gone for good.
  const redisDir = join(home.path, 'addons', 'redis', redis.addon.name);
  assert.ok(existsSync(redisDir));
  const gone = await e.call('addons.destroy', { app: 'shop', name: redis.addon.name, confirm: 'shop' });
  assert.equal(gone.release, (await release(e, 'shop')));
  assert.equal((await e.call('config.get', { app: 'shop' })).REDIS_URL, undefined);
  assert.equal(existsSync(redisDir), false, 'its data folder is removed');
  await e.call('addons.destroy', { app: 'shop', name: created.addon.name, confirm: 'shop' });
  await assert.rejects(pgQuery(dbUrl, 'SELECT 1'), /password authentication failed|does not exist/);
  assert.equal((await e.call('config.get', { app: 'shop' })).DATABASE_URL, undefined);

  // apps:destroy takes the app's add-ons with it.
  const destroyed = await e.call('apps.destroy', { app: 'blog' });
  assert.equal(destroyed.addons.length, 1);
  assert.deepEqual(await e.call('addons.list', {}), []);
  await assert.rejects(pgQuery(blogUrl, 'SELECT 1'), /password authentication failed|does not exist/);
});
