import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAllowedExternalUrl } from '../../electron/main/url-policy.js';

const allowed = [
  'http://myapp.localhost:7400/',
  'http://myapp.localhost:7400/path?q=1#frag',
  'http://my-app-2.localhost:41234/',
  'http://myapp.localhost/',
  'https://example.com/',
  'https://devcenter.heroku.com/articles/procfile',
  'HTTPS://EXAMPLE.COM/',
];

const denied = [
  'file:///etc/passwd',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'smb://server/share',
  'ms-msdt:/id PCWDiagnostic',
  'app://dynodesk/index.html',
  'http://example.com/',
  'http://localhost:7400/',
  'http://127.0.0.1:7400/',
  'http://myapp.localhost.evil.com/',
  'http://a.b.localhost:7400/',
  'http://-bad.localhost:7400/',
  'http://user:pass@myapp.localhost:7400/',
  'https://user@example.com/',
  'https://bank.example@evil.example/',
  'https:// example.com/',
  'https://example.com/\nfoo',
  'https:',
  '',
  'not a url',
];

test('app URLs and https are allowed', () => {
  for (const url of allowed) assert.equal(isAllowedExternalUrl(url), true, url);
});

test('everything else is refused', () => {
  for (const url of denied) assert.equal(isAllowedExternalUrl(url), false, url);
});

test('non-strings and huge strings are refused', () => {
  for (const v of [undefined, null, 42, {}, ['https://example.com/']]) assert.equal(isAllowedExternalUrl(v), false);
  assert.equal(isAllowedExternalUrl(`https://example.com/${'a'.repeat(9000)}`), false);
});
