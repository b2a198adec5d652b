import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTrustedSender, originOf } from '../../electron/main/sender-policy.js';

const allowed = ['app://dynodesk', 'http://localhost:5173/'];

test('our renderer in the top frame is trusted (app:// and the Vite dev server)', () => {
  assert.equal(isTrustedSender('app://dynodesk/index.html', true, allowed), true);
  assert.equal(isTrustedSender('app://dynodesk/apps/web?x=1#logs', true, allowed), true);
  assert.equal(isTrustedSender('http://localhost:5173/', true, allowed), true);
});

test('a subframe is refused even when it shows our origin', () => {
  assert.equal(isTrustedSender('app://dynodesk/index.html', false, allowed), false);
});

test('a foreign or look-alike origin is refused', () => {
  for (const url of [
    'https://evil.example/',
    'app://evil/index.html',
    'app://dynodesk.evil/index.html',
    'http://localhost:5174/',
    'https://localhost:5173/',
    'http://127.0.0.1:5173/',
    'file:///app/dist/renderer/index.html',
    'about:blank',
    'data:text/html,hi',
    'not a url',
    '',
  ]) {
    assert.equal(isTrustedSender(url, true, allowed), false, url);
  }
});

test('a missing frame URL is refused', () => {
  assert.equal(isTrustedSender(null, true, allowed), false);
  assert.equal(isTrustedSender(undefined, true, allowed), false);
});

test('originOf works for custom schemes, where URL.origin is "null"', () => {
  assert.equal(originOf('app://dynodesk/x'), 'app://dynodesk');
  assert.equal(originOf('http://localhost:5173/a'), 'http://localhost:5173');
  assert.equal(originOf('about:blank'), null);
});
