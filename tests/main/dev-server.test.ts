import { test } from 'node:test';
import assert from 'node:assert/strict';
import { devServerUrl } from '../../electron/main/dev-server.js';

test('only a loopback http dev server URL is accepted', () => {
  assert.equal(devServerUrl('http://localhost:5173'), 'http://localhost:5173/');
  assert.equal(devServerUrl('http://127.0.0.1:5173/some/path'), 'http://127.0.0.1:5173/');
  for (const bad of [undefined, '', 'https://localhost:5173', 'http://evil.example:5173', 'file:///tmp/index.html', 'http://192.168.1.2:5173', 'nonsense']) {
    assert.equal(devServerUrl(bad), null, String(bad));
  }
});

test('DYNODESK_ROUTER_PORT: unset means the default, a port is taken, anything else is a clear error', async () => {
  const { routerPortFromEnv } = await import('../../electron/main/env-options.js');
  assert.equal(routerPortFromEnv(undefined), undefined);
  assert.equal(routerPortFromEnv(''), undefined);
  assert.equal(routerPortFromEnv('0'), 0);
  assert.equal(routerPortFromEnv('7500'), 7500);
  for (const bad of ['-1', '65536', '74.5', 'http']) assert.throws(() => routerPortFromEnv(bad), /DYNODESK_ROUTER_PORT must be a port number/);
});
