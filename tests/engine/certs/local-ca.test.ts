// The local CA on disk: created once with an owner-only key, reused afterwards, constrained to this
// machine's names; leaves minted under it verify against it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { LeafMinter } from '../../../electron/engine/certs/leaf.js';
import { loadOrCreateCa } from '../../../electron/engine/certs/local-ca.js';
import { tempDir } from '../../helpers/tmp.js';

const posix = process.platform !== 'win32';

test('the CA is created once, key 0600 in a 0700 folder, and reused', async (t) => {
  const dir = tempDir('ddc');
  t.after(() => dir.remove());
  const first = await loadOrCreateCa(dir.path);
  assert.equal(first.created, true);
  assert.equal(first.certPath, join(dir.path, 'certs', 'ca.crt'));
  if (posix) {
    assert.equal(statSync(first.keyPath).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir.path, 'certs')).mode & 0o777, 0o700);
  }
  const cert = new X509Certificate(first.certPem);
  assert.equal(cert.ca, true);
  assert.match(cert.subject, /CN=Dynodesk Local CA \(/);
  const years = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / (365.25 * 24 * 3600_000);
  assert.ok(years > 9.9 && years < 10.1, `validity ${years} years`);
  const again = await loadOrCreateCa(dir.path);
  assert.equal(again.created, false);
  assert.equal(again.fingerprint256, first.fingerprint256);
  assert.equal(readFileSync(first.keyPath, 'utf8'), again.keyPem);
});

test('a key left readable by others is made owner-only again; a key that does not match is replaced', { skip: !posix && 'POSIX modes' }, async (t) => {
  const dir = tempDir('ddc');
  t.after(() => dir.remove());
  const ca = await loadOrCreateCa(dir.path);
  (await import('node:fs')).chmodSync(ca.keyPath, 0o644);
  assert.equal((await loadOrCreateCa(dir.path)).created, false);
  assert.equal(statSync(ca.keyPath).mode & 0o777, 0o600);
  const other = tempDir('ddc');
  t.after(() => other.remove());
  writeFileSync(ca.keyPath, (await loadOrCreateCa(other.path)).keyPem);
  const replaced = await loadOrCreateCa(dir.path);
  assert.equal(replaced.created, true);
  assert.notEqual(replaced.fingerprint256, ca.fingerprint256);
});

test('OpenSSL sees a path-length-0 CA limited to localhost, 127.0.0.1 and ::1, and a leaf that verifies under it', { skip: spawnSync('openssl', ['version']).status !== 0 && 'needs openssl' }, async (t) => {
  const dir = tempDir('ddc');
  t.after(() => dir.remove());
  const ca = await loadOrCreateCa(dir.path);
  const text = spawnSync('openssl', ['x509', '-noout', '-text', '-in', ca.certPath], { encoding: 'utf8' }).stdout;
  assert.match(text, /Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
  assert.match(text, /Key Usage: critical\s+Certificate Sign, CRL Sign/);
  assert.match(text, /Name Constraints: critical\s+Permitted:\s+DNS:localhost\s+IP:127\.0\.0\.1\/255\.255\.255\.255\s+IP:0:0:0:0:0:0:0:1\//);
  const leaf = await new LeafMinter(ca.certPem, ca.keyPem).mint('shop.localhost');
  const leafPath = join(dir.path, 'leaf.pem');
  writeFileSync(leafPath, leaf.certPem);
  const v = spawnSync('openssl', ['verify', '-CAfile', ca.certPath, '-purpose', 'sslserver', leafPath], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stderr + v.stdout);
  const x = new X509Certificate(leaf.certPem);
  assert.equal(x.checkHost('shop.localhost'), 'shop.localhost');
  assert.equal(x.checkIP('127.0.0.1'), '127.0.0.1');
  const days = (Date.parse(x.validTo) - Date.parse(x.validFrom)) / (24 * 3600_000);
  assert.ok(days <= 398, `leaf valid ${days} days`);
});
