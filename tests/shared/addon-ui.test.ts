import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addonConsoleCommand, maskSecretValue } from '../../shared/addon-ui.js';

const PASSWORD = 'Zq3_secret-Pw0rd-base64url-xxxxxx';

test('the console command names the variable, never a value', () => {
  const pg = addonConsoleCommand('heroku-postgresql', 'DATABASE_URL', 'linux') ?? '';
  assert.match(pg, /^command -v psql >\/dev\/null \|\| \{ echo "psql is not installed: [^"]+"; exit 127; \}; v=\$DATABASE_URL; /);
  assert.ok(pg.endsWith('exec psql "$v"'), pg);
  const redis = addonConsoleCommand('heroku-redis', 'CACHE_URL', 'darwin') ?? '';
  assert.match(redis, /v=\$CACHE_URL; .*export REDISCLI_AUTH=.*exec redis-cli -u "\$v"$/);
  assert.equal(addonConsoleCommand('heroku-redis', 'CACHE_URL', 'win32'),
    'where /q redis-cli || (echo redis-cli is not installed: install a Redis for Windows such as Memurai and put redis-cli on PATH & exit 127) & redis-cli -u "%CACHE_URL%"');
  // Not a variable name: nothing is built (it would be pasted into a shell line).
  assert.equal(addonConsoleCommand('heroku-postgresql', 'X; rm -rf ~', 'linux'), null);
  assert.equal(addonConsoleCommand('heroku-postgresql', '', 'linux'), null);
});

test('the dyno shell gives the client the URL without its password, the password in its environment; no client: a hint and 127', { skip: process.platform === 'win32' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'addon-ui-'));
  try {
    const bin = join(dir, 'bin');
    const empty = join(dir, 'empty');
    mkdirSync(bin);
    mkdirSync(empty);
    // Stand-in clients that print the arguments and the password variable they were given.
    writeFileSync(join(bin, 'psql'), '#!/bin/sh\nprintf "arg:%s\\n" "$@"\necho "pw:${PGPASSWORD-unset}"\n');
    writeFileSync(join(bin, 'redis-cli'), '#!/bin/sh\nprintf "arg:%s\\n" "$@"\necho "pw:${REDISCLI_AUTH-unset}"\n');
    chmodSync(join(bin, 'psql'), 0o755);
    chmodSync(join(bin, 'redis-cli'), 0o755);
    const run = (command: string, env: Record<string, string>) => spawnSync('/bin/sh', ['-c', command], { env, encoding: 'utf8' });
    const pg = addonConsoleCommand('heroku-postgresql', 'DATABASE_URL', 'linux') as string;
    const redis = addonConsoleCommand('heroku-redis', 'REDIS_URL', 'linux') as string;

    let r = run(pg, { PATH: bin, DATABASE_URL: `postgres://role_a:${PASSWORD}@127.0.0.1:5433/db_a` });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `arg:postgres://role_a@127.0.0.1:5433/db_a\npw:${PASSWORD}\n`);

    r = run(redis, { PATH: bin, REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:6380` });
    assert.equal(r.stdout, `arg:-u\narg:redis://127.0.0.1:6380\npw:${PASSWORD}\n`);

    // Set by hand to a URL without credentials: passed as it is.
    r = run(pg, { PATH: bin, DATABASE_URL: 'postgres://127.0.0.1:5432/other' });
    assert.equal(r.stdout, 'arg:postgres://127.0.0.1:5432/other\npw:unset\n');

    r = run(pg, { PATH: bin });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, 'DATABASE_URL is not set\n');

    r = run(pg, { PATH: empty, DATABASE_URL: `postgres://role_a:${PASSWORD}@127.0.0.1:5433/db_a` });
    assert.equal(r.status, 127);
    assert.equal(r.stdout, 'psql is not installed: apt install postgresql-client / brew install libpq\n');
    assert.equal(r.stderr, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('masking hides a URL\'s password, or a whole value that is not such a URL', () => {
  assert.equal(maskSecretValue(`postgres://role_x:${PASSWORD}@127.0.0.1:5433/db_x`), 'postgres://role_x:********@127.0.0.1:5433/db_x');
  assert.equal(maskSecretValue(`redis://:${PASSWORD}@127.0.0.1:6380`), 'redis://:********@127.0.0.1:6380');
  assert.equal(maskSecretValue('postgres://127.0.0.1:5432/db'), '********');
  assert.equal(maskSecretValue('plain-secret'), '********');
  assert.equal(maskSecretValue(''), '');
});
