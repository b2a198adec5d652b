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
