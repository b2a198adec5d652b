// The byte-level header scan against the plain regular-expression definition of a valid header
// section (RFC 9112 §5: token ":" OWS value OWS CRLF, no obs-fold, no controls), on thousands of
// generated blocks, valid and subtly broken. Seeded, so every run sees the same cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFields, type FieldScan } from '../../../electron/engine/router/header-fields.js';
import { HeadError } from '../../../electron/engine/router/head-error.js';

const BLOCK_RE = /^(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+:[\t\x20-\x7e\x80-\xff]*\r\n)*$/;
const LINE_RE = /([!#$%&'*+.^_`|~0-9A-Za-z-]+):[\t ]*([\t\x20-\x7e\x80-\xff]*?)[\t ]*\r\n/g;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ODD = ['\r', '\n', '\0', '\x7f', '\x01', ' ', '\t', ':', '"', '(', '\x80', '\xff', '@', '\x0b'];

function generate(r: () => number): string {
  const pick = (s: string | string[]): string => s[Math.floor(r() * s.length)] as string;
  const odd = (p: number): string => (r() < p ? pick(ODD) : '');
  let block = '';
  const lines = Math.floor(r() * 5);
  for (let l = 0; l < lines; l++) {
    if (r() < 0.03) block += pick([' ', '\t']); // obs-fold
    let name = '';
    for (let i = 1 + Math.floor(r() * 8); i > 0; i--) name += pick(TCHARS) + odd(0.02);
    let value = '';
    for (let i = Math.floor(r() * 12); i > 0; i--) value += String.fromCharCode(32 + Math.floor(r() * 95)) + odd(0.02);
    const sep = r() < 0.04 ? pick([' :', '', ';', ': ']) : pick([':', ': ', ':\t', ':  ']);
    const eol = r() < 0.04 ? pick(['\n', '\r', '', '\r\r\n']) : '\r\n';
    block += `${name}${sep}${r() < 0.1 ? '  ' : ''}${value}${r() < 0.1 ? ' \t' : ''}${eol}`;
  }
  return block;
}

function scan(block: string, maxHeaders = 100): FieldScan | number {
  const buf = Buffer.from(`X\r\n${block}`, 'latin1');
  try {
    return parseFields(buf, 3, buf.length, block, maxHeaders, 8192);
  } catch (e) {
    if (e instanceof HeadError) return e.status;
    throw e;
  }
}

test('the byte scan accepts exactly what the regular definition accepts, and splits fields the same way', () => {
  const r = rng(12345);
  let accepted = 0;
  let rejected = 0;
  for (let n = 0; n < 20_000; n++) {
    const block = generate(r);
    // Content-Length values have their own rule; keep this test about syntax.
    if (/content-length/i.test(block)) continue;
    const got = scan(block);
    if (!BLOCK_RE.test(block)) {
      assert.equal(got, 400, JSON.stringify(block));
      rejected++;
      continue;
    }
    assert.notEqual(typeof got, 'number', JSON.stringify(block));
    const want = [...block.matchAll(LINE_RE)].map((m) => [m[1], m[2]]);
    assert.deepEqual((got as FieldScan).headers.map((h) => [h.name, h.value]), want, JSON.stringify(block));
    accepted++;
  }
  assert.ok(accepted > 1000 && rejected > 1000, `accepted ${accepted}, rejected ${rejected}`);
});

test('too many fields is 431, but an invalid line anywhere is still 400', () => {
  const many = 'A: 1\r\n'.repeat(5);
  assert.equal(scan(many, 4), 431);
  assert.equal(scan(`${many}Bad Name: x\r\n`, 4), 400);
  assert.equal(scan(`${many}Content-Length: 1\r\nContent-Length: 1\r\n`, 4), 431);
  assert.notEqual(typeof scan(many, 5), 'number');
});
