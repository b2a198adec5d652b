// The trust-store command builders for every platform (only Linux runs them for real, in system-trust.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planTrust, planUntrust, nssAdvice, shellQuote, type TrustEnv } from '../../../electron/engine/certs/trust-plan.js';

const ca = { certPath: '/home/me/.config/Dynodesk/certs/ca.crt', commonName: 'Dynodesk Local CA (box)', fingerprint1: 'AB12', id: '0123456789abcdef' };

function env(over: Partial<TrustEnv>, tools: string[] = [], paths: string[] = []): TrustEnv {
  return { platform: 'linux', home: '/home/me', root: false, has: (c) => tools.includes(c), exists: (p) => paths.includes(p), firefoxProfiles: [], ...over };
}

test('macOS: the login keychain, trusted as a root; removal deletes it by thumbprint', () => {
  const e = env({ platform: 'darwin', home: '/Users/me' });
  const [add] = planTrust(ca, e);
  assert.deepEqual(add?.argv, [['security', 'add-trusted-cert', '-r', 'trustRoot', '-k', '/Users/me/Library/Keychains/login.keychain-db', ca.certPath]]);
  assert.equal(add?.manual, false);
  assert.deepEqual(add?.check, { argv: ['security', 'find-certificate', '-a', '-Z', '-c', ca.commonName, '/Users/me/Library/Keychains/login.keychain-db'], stdoutHas: 'AB12' });
  assert.deepEqual(planUntrust(ca, e)[0]?.argv, [['security', 'remove-trusted-cert', ca.certPath], ['security', 'delete-certificate', '-Z', 'AB12', '/Users/me/Library/Keychains/login.keychain-db']]);
});

test('Windows: the current user\'s Root store through certutil', () => {
  const e = env({ platform: 'win32', home: 'C:\\Users\\me' });
  assert.deepEqual(planTrust(ca, e)[0]?.argv, [['certutil', '-user', '-addstore', 'Root', ca.certPath]]);
  assert.deepEqual(planUntrust(ca, e)[0]?.argv, [['certutil', '-user', '-delstore', 'Root', 'AB12']]);
  assert.deepEqual(planTrust(ca, e)[0]?.check, { argv: ['certutil', '-user', '-verifystore', 'Root', 'AB12'] });
});

test('Linux: the system store (root runs it, anyone else is shown the sudo command) and every NSS database', () => {
  const debian = ['/usr/local/share/ca-certificates', '/home/me/.pki/nssdb'];
  const user = env({ firefoxProfiles: ['/home/me/.mozilla/firefox/abc.default'] }, ['update-ca-certificates', 'certutil'], debian);
  const steps = planTrust(ca, user);
  assert.deepEqual(steps.map((s) => s.store), ['Linux system store', 'NSS database ~/.pki/nssdb (Chrome, Chromium)', 'Firefox profile abc.default']);
  const sys = steps[0];
  assert.equal(sys?.manual, true);
  assert.equal(sys?.command, `sudo install -m 0644 ${ca.certPath} /usr/local/share/ca-certificates/dynodesk-0123456789abcdef.crt && sudo update-ca-certificates`);
  assert.deepEqual(sys?.check, { file: '/usr/local/share/ca-certificates/dynodesk-0123456789abcdef.crt' });
  assert.deepEqual(steps[1]?.argv, [['certutil', '-d', 'sql:/home/me/.pki/nssdb', '-A', '-t', 'C,,', '-n', 'Dynodesk Local CA (box) 0123456789abcdef', '-i', ca.certPath]]);
  assert.equal(steps[1]?.command, `certutil -d sql:/home/me/.pki/nssdb -A -t C,, -n 'Dynodesk Local CA (box) 0123456789abcdef' -i ${ca.certPath}`);
  assert.equal(planTrust(ca, { ...user, root: true })[0]?.manual, false);
  assert.deepEqual(planUntrust(ca, user)[0]?.argv, [['rm', '-f', '/usr/local/share/ca-certificates/dynodesk-0123456789abcdef.crt'], ['update-ca-certificates']]);
  assert.deepEqual(planUntrust(ca, user)[1]?.argv, [['certutil', '-d', 'sql:/home/me/.pki/nssdb', '-D', '-n', 'Dynodesk Local CA (box) 0123456789abcdef']]);
  const fedora = env({ root: true }, ['update-ca-trust'], ['/etc/pki/ca-trust/source/anchors']);
  assert.deepEqual(planTrust(ca, fedora)[0]?.argv, [['install', '-m', '0644', ca.certPath, '/etc/pki/ca-trust/source/anchors/dynodesk-0123456789abcdef.crt'], ['update-ca-trust', 'extract']]);
  // No certutil: no NSS step, but advice.
  const noTools = env({}, ['update-ca-certificates'], debian);
  assert.deepEqual(planTrust(ca, noTools).map((s) => s.store), ['Linux system store']);
  assert.match(nssAdvice(noTools) ?? '', /libnss3-tools/);
  assert.equal(nssAdvice(user), null);
});

test('commands are shown quoted as a shell would need them', () => {
  assert.equal(shellQuote('/a/b.crt'), '/a/b.crt');
  assert.equal(shellQuote("it's here"), `'it'\\''s here'`);
});
