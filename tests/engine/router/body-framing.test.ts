import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkedReader, FramingError, LengthReader } from '../../../electron/engine/router/body-framing.js';

/** Feeds `text` in pieces of `step` bytes; returns consumed count and decoded payload. */
function run(text: string, step: number): { consumed: number; payload: string; done: boolean } {
  const parts: Buffer[] = [];
  const r = new ChunkedReader((b, s, e) => parts.push(Buffer.from(b.subarray(s, e))));
  const all = Buffer.from(text, 'latin1');
  let consumed = 0;
  for (let i = 0; i < all.length && !r.done; i += step) {
    consumed += r.feed(all.subarray(i, Math.min(all.length, i + step)), 0);
  }
  return { consumed, payload: Buffer.concat(parts).toString('latin1'), done: r.done };
}

test('chunked: decodes, stops exactly at the end, whatever the split', () => {
  const body = '5\r\nhello\r\n6;ext=1\r\n world\r\nA\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n';
  for (const step of [1, 2, 3, 7, 1000]) {
    const r = run(`${body}GET /next`, step);
    assert.equal(r.done, true);
    assert.equal(r.payload, 'hello world0123456789');
    if (step === 1000) assert.equal(r.consumed, body.length);
  }
});

test('chunked: strict syntax', () => {
  const bad = [
    'x\r\n', '5\nhello\r\n0\r\n\r\n', '5\r\nhelloXX0\r\n\r\n', ' 5\r\nhello\r\n0\r\n\r\n', '5 \r\nhello\r\n0\r\n\r\n',
    '-1\r\n', '12345678901234\r\n', '0\r\n\rX', '5;a\x00b\r\nhello\r\n', '0\r\n: bad\r\n\r\n',
    '5 ;x\r\nhello\r\n0\r\n\r\n', '5; x\r\n', '5;x =y\r\n', '5;x= y\r\n', '5;x y\r\n', '5;x="y\r\n', '5;x="y"z\r\n',
    `5;${'x'.repeat(5000)}\r\n`, `5${';x'.repeat(3000)}\r\n`, '0\r\nNoColon\r\n\r\n', '0\r\nContent-Length: 1\r\n\r\n',
    '0\r\nhost: a\r\n\r\n', '0\r\nX: a\x01\r\n\r\n',
  ];
  for (const b of bad) assert.throws(() => run(b, 1000), FramingError, JSON.stringify(b));
  for (const step of [1, 1000]) {
    assert.equal(run('5;x;y=z;q="a\\"b;c"\r\nhello\r\n0\r\nX-A: 1\r\nX-B:\t2 \r\n\r\n', step).payload, 'hello');
  }
});

test('length reader takes exactly its bytes', () => {
  const r = new LengthReader(4);
  assert.equal(r.feed(Buffer.from('ab'), 0), 2);
  assert.equal(r.done, false);
  assert.equal(r.feed(Buffer.from('xcdEXTRA'), 1), 2);
  assert.equal(r.done, true);
});
