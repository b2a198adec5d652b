import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { attachmentVar, parseServiceSpec } from '../../../electron/engine/addons/services.js';
import { assertTraversable } from '../../../electron/engine/addons/run-as.js';
import { findRedisServer } from '../../../electron/engine/addons/redis-server.js';
import { parseAppJson } from '../../../electron/engine/build/app-json.js';
import { tempDir } from '../../helpers/tmp.js';

test('service names: Heroku spellings and plans accepted, anything else refused listing what is supported', () => {
  for (const name of ['heroku-postgresql', 'postgres', 'postgresql', 'heroku-postgresql:essential-0', 'Postgres']) {
    assert.equal(parseServiceSpec(name).service, 'heroku-postgresql', name);
  }
  for (const name of ['heroku-redis', 'redis', 'heroku-redis:mini']) assert.equal(parseServiceSpec(name).service, 'heroku-redis', name);
  assert.equal(parseServiceSpec('heroku-redis:mini').plan, 'mini');
  assert.throws(() => parseServiceSpec('mysql'), /Unknown add-on service "mysql"\. Supported here: heroku-postgresql \(also postgres, postgresql, heroku-postgresql:<plan>\) and heroku-redis/);
});

test('--as names follow Heroku: NAME → NAME_URL, upper case, a letter first', () => {
  assert.equal(attachmentVar('CACHE'), 'CACHE_URL');
  assert.equal(attachmentVar('CACHE_URL'), 'CACHE_URL');
  for (const bad of ['cache', '1DB', 'MY-DB', '']) assert.throws(() => attachmentVar(bad), /Invalid --as name/);
});

test('app.json addons: strings and {plan, as}; bad entries fail naming the entry', () => {
  assert.deepEqual(parseAppJson(JSON.stringify({ addons: ['heroku-postgresql', { plan: 'heroku-redis:mini', as: 'CACHE' }] })).addons,
    [{ service: 'heroku-postgresql' }, { service: 'heroku-redis:mini', as: 'CACHE' }]);
  assert.throws(() => parseAppJson('{"addons": "heroku-postgresql"}'), /app\.json: "addons" must be an array/);
  assert.throws(() => parseAppJson('{"addons": [{"as": "DB"}]}'), /app\.json: addons\[0\]\.plan must be a string/);
  assert.throws(() => parseAppJson('{"addons": [{"plan": "redis", "as": "cache"}]}'), /app\.json: addons\[0\]: Invalid --as name/);
  // Heroku-only services are kept (and skipped with a note at provisioning), so the app deploys unchanged.
  assert.deepEqual(parseAppJson('{"addons": ["papertrail"]}').addons, [{ service: 'papertrail' }]);
});

test('a missing redis-server refuses the add-on with how to install it', () => {
  assert.throws(() => findRedisServer({ PATH: '/nonexistent' }), /Redis is not installed: neither redis-server nor valkey-server is on your PATH\. Install Redis \(Debian\/Ubuntu: `sudo apt-get install redis-server`.*Nothing was changed\./);
});

test('as root, a folder the database user cannot pass through is named, not loosened', { skip: process.getuid?.() !== 0 ? 'needs root' : false }, () => {
  const dir = tempDir('ddt');
  try {
    const closed = join(dir.path, 'closed');
    mkdirSync(join(closed, 'addons', 'postgres'), { recursive: true });
    chmodSync(dir.path, 0o755);
    chmodSync(closed, 0o700);
    const user = { uid: 65534, gid: 65534, name: 'nobody' };
    assert.throws(() => assertTraversable(join(closed, 'addons', 'postgres', 'data'), user), new RegExp(`cannot get through ${closed} .*chmod o\\+x '${closed}'`));
    chmodSync(closed, 0o711);
    chmodSync(join(closed, 'addons'), 0o711);
    chmodSync(join(closed, 'addons', 'postgres'), 0o711);
    assertTraversable(join(closed, 'addons', 'postgres', 'data'), user);
  } finally {
    dir.remove();
  }
});
