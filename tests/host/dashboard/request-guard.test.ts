import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowlistFor, hostAllowed, newToken, originAllowed, tokenMatches } from '../../../electron/host/dashboard/request-guard.js';

const list = allowlistFor(4321);

test('Host must be exactly 127.0.0.1:PORT or localhost:PORT', () => {
  assert.equal(hostAllowed('127.0.0.1:4321', list), true);
  assert.equal(hostAllowed('localhost:4321', list), true);
  for (const bad of ['127.0.0.1', 'localhost', '127.0.0.1:4322', 'LOCALHOST:4321', 'evil.example:4321', 'localhost.evil.example:4321', ' 127.0.0.1:4321', '[::1]:4321', '']) {
    assert.equal(hostAllowed(bad, list), false, bad);
  }
  assert.equal(hostAllowed(undefined, list), false);
  assert.equal(hostAllowed(['127.0.0.1:4321'], list), false);
});

test('Origin: optional for plain HTTP, required for WebSocket, exact when present', () => {
  assert.equal(originAllowed(undefined, list, false), true);
  assert.equal(originAllowed(undefined, list, true), false);
  assert.equal(originAllowed('http://127.0.0.1:4321', list, true), true);
  assert.equal(originAllowed('http://localhost:4321', list, true), true);
  for (const bad of ['null', 'https://127.0.0.1:4321', 'http://127.0.0.1:4321/', 'http://localhost', 'http://evil.example', 'http://127.0.0.1:43210']) {
    assert.equal(originAllowed(bad, list, false), false, bad);
  }
});

test('tokens are 32 random bytes in base64url and compare exactly', () => {
  const a = newToken();
  const b = newToken();
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, b);
  assert.equal(tokenMatches(a, a), true);
  assert.equal(tokenMatches(b, a), false);
  assert.equal(tokenMatches(a.slice(0, -1), a), false);
  assert.equal(tokenMatches(`${a}x`, a), false);
  assert.equal(tokenMatches('', a), false);
  assert.equal(tokenMatches(undefined, a), false);
  assert.equal(tokenMatches(42, a), false);
});
