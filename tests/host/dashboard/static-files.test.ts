import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { resolveInside } from '../../../electron/host/dashboard/static-files.js';
import { contentSecurityPolicy } from '../../../electron/host/dashboard/headers.js';

const root = resolve('/srv/renderer');

test('paths resolve strictly inside the renderer folder', () => {
  assert.equal(resolveInside(root, '/'), root);
  assert.equal(resolveInside(root, '/assets/index-abc.js'), join(root, 'assets/index-abc.js'));
  assert.equal(resolveInside(root, '/a/../index.html'), join(root, 'index.html'));
  // Anything that climbs out of the folder is refused, however it is spelled.
  assert.equal(resolveInside(root, '/../etc/passwd'), null);
  assert.equal(resolveInside(root, '/%2e%2e/%2e%2e/etc/passwd'), null);
  assert.equal(resolveInside(root, '/..%2f..%2fetc%2fpasswd'), null);
  assert.equal(resolveInside(root, '/assets/../../renderer-other/x.js'), null);
  assert.equal(resolveInside(root, '/%00'), null);
  assert.equal(resolveInside(root, '/a%5c..%5c..%5cb'), null);
  assert.equal(resolveInside(root, '/%E0%A4%A'), null);
});

test('the CSP forbids inline and eval code and limits connections to our own port', () => {
  const csp = contentSecurityPolicy(5555, 'NONCE');
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /style-src 'self' 'nonce-NONCE'/);
  assert.match(csp, /connect-src 'self' ws:\/\/127\.0\.0\.1:5555 ws:\/\/localhost:5555/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /default-src 'none'/);
});
