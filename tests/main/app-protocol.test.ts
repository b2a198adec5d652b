import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { resolveAppRequest } from '../../electron/main/app-protocol.js';
import { NONCE_PLACEHOLDER, newNonce, rendererCsp } from '../../electron/main/csp.js';

const root = resolve('/srv/renderer');

test('assets resolve inside the renderer folder with their content type', () => {
  assert.deepEqual(resolveAppRequest('app://dynodesk/assets/index-abc.js', 'GET', root),
    { ok: true, file: join(root, 'assets', 'index-abc.js'), contentType: 'text/javascript; charset=utf-8' });
  const css = resolveAppRequest('app://dynodesk/assets/a.css', 'HEAD', root);
  assert.ok(css.ok && css.contentType.startsWith('text/css'));
});

test('the root and client-side routes get index.html', () => {
  for (const url of ['app://dynodesk/', 'app://dynodesk', 'app://dynodesk/apps/web', 'app://dynodesk/index.html']) {
    const r = resolveAppRequest(url, 'GET', root);
    assert.ok(r.ok, url);
    assert.equal(r.file, join(root, 'index.html'), url);
  }
});

test('path traversal, encoded or not, never leaves the folder', () => {
  for (const url of [
    'app://dynodesk/../../etc/passwd',
    'app://dynodesk/%2e%2e/%2e%2e/etc/passwd',
    'app://dynodesk/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://dynodesk/..%2f..%2fsecret.txt',
  ]) {
    const r = resolveAppRequest(url, 'GET', root);
    if (r.ok) assert.ok(r.file.startsWith(root + '/'), `${url} → ${r.file}`);
    else assert.ok([400, 403].includes(r.status), url);
  }
  assert.deepEqual(resolveAppRequest('app://dynodesk/a%00.js', 'GET', root), { ok: false, status: 400 });
  assert.deepEqual(resolveAppRequest('app://dynodesk/a%5c..%5c..%5cx.js', 'GET', root), { ok: false, status: 400 });
});

test('other hosts, schemes and methods are refused', () => {
  assert.deepEqual(resolveAppRequest('app://other/index.html', 'GET', root), { ok: false, status: 403 });
  assert.deepEqual(resolveAppRequest('https://dynodesk/index.html', 'GET', root), { ok: false, status: 403 });
  assert.deepEqual(resolveAppRequest('app://dynodesk/index.html', 'POST', root), { ok: false, status: 405 });
  assert.deepEqual(resolveAppRequest('app://dynodesk/%E0%A4%A', 'GET', root), { ok: false, status: 400 });
});

test('the CSP forbids inline script and eval, and allows styles only by nonce', () => {
  const nonce = newNonce();
  const csp = rendererCsp(nonce);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, new RegExp(`style-src 'self' 'nonce-${nonce.replace(/[+/=]/g, '\\$&')}'`));
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /object-src 'none'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.notEqual(newNonce(), nonce);
  assert.throws(() => rendererCsp("x' 'unsafe-inline"), /nonce/);
  assert.equal(NONCE_PLACEHOLDER, '__DYNODESK_CSP_NONCE__');
});
