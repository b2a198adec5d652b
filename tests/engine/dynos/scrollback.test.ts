import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scrollback } from '../../../electron/engine/dynos/scrollback.js';

test('keeps the newest bytes up to its capacity', () => {
  const s = new Scrollback(10);
  s.append('abc');
  s.append('defgh');
  assert.equal(s.snapshot(), 'abcdefgh');
  s.append('ijklm');
  assert.equal(s.snapshot(), 'defghijklm');
  assert.equal(s.length, 10);
  s.append('0123456789ABCDEF');
  assert.equal(s.snapshot(), '6789ABCDEF');
  s.append('');
  assert.equal(s.length, 10);
});

test('many appends stay bounded and never split a surrogate pair at the front', () => {
  const s = new Scrollback(1000);
  for (let i = 0; i < 10_000; i++) s.append(`line ${i} 😀\n`);
  assert.ok(s.length <= 1000);
  const snap = s.snapshot();
  assert.ok(snap.endsWith('line 9999 😀\n'));
  const first = snap.charCodeAt(0);
  assert.ok(!(first >= 0xdc00 && first <= 0xdfff));
});
