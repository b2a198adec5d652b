import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appFromHost } from '../../../electron/engine/router/host-match.js';

test('host routing: <app>.localhost, any case, port and trailing dot allowed', () => {
  assert.equal(appFromHost('app.localhost'), 'app');
  assert.equal(appFromHost('My-App.LocalHost:7400'), 'my-app');
  assert.equal(appFromHost('app.localhost.'), 'app');
  assert.equal(appFromHost('app.localhost.:80'), 'app');
  for (const h of [null, '', 'localhost', '.localhost', 'a.b.localhost', 'app.example.com', '[::1]:80', '127.0.0.1']) {
    assert.equal(appFromHost(h), null, String(h));
  }
});
