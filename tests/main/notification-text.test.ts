import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crashNotice } from '../../electron/main/notification-text.js';

test('a crash notice names the dyno, the app and the exit code, with the last line', () => {
  const n = crashNotice({ app: 'shop', dyno: 'web.2', exitCode: 3, lastLines: ['booting', 'Error: EADDRINUSE', ''] });
  assert.equal(n.title, 'web.2 crashed in shop');
  assert.equal(n.body, 'web.2 exited with code 3.\nError: EADDRINUSE');
});

test('a killed dyno without output still gets a sentence', () => {
  const n = crashNotice({ app: 'shop', dyno: 'worker.1', exitCode: null, lastLines: [] });
  assert.equal(n.body, 'worker.1 was killed (no exit code).');
});

test('long lines are cut', () => {
  const n = crashNotice({ app: 'a', dyno: 'web.1', exitCode: 1, lastLines: ['x'.repeat(500)] });
  assert.ok(n.body.length < 220);
  assert.ok(n.body.endsWith('…'));
});
