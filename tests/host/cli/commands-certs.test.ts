// `dynodesk certs`, `certs:trust`, `certs:untrust` and `serve --tls-port` against a real `dynodesk serve`.
// As root on a Debian-like system this installs the CA into the real system store (update-ca-certificates),
// checks that curl then trusts https://<app>.localhost without being given the CA, and removes it again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fixture } from '../../helpers/engine.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';
import { cli, cliOk as ok, startServe } from '../../helpers/cli.js';

const systemStore = process.platform === 'linux' && process.getuid?.() === 0
  && existsSync('/usr/sbin/update-ca-certificates') && existsSync('/usr/local/share/ca-certificates');

interface CertsJson { caCertPath: string; trusted: boolean; tlsPort: number | null }

test('serve --tls-port 0 serves HTTPS on a free port; certs --json reports it; trust and untrust the system store', async (t) => {
  const home = tempDir('ddk');
  t.after(() => home.remove());
  const serve = startServe(home.path, ['--no-dashboard', '--tls-port', '0']);
  t.after(() => { if (serve.child.exitCode === null) serve.child.kill('SIGKILL'); });
  await serve.routerPort;
  const printed = /HTTPS: https:\/\/<app>\.localhost:(\d+)/.exec(serve.output());
  assert.ok(printed, serve.output());
  const certs = JSON.parse(await ok(home.path, ['certs', '--json'])) as CertsJson;
  assert.deepEqual(Object.keys(certs).sort(), ['caCertPath', 'tlsPort', 'trusted']);
  assert.equal(certs.tlsPort, Number(printed[1]));
  assert.ok(readFileSync(certs.caCertPath, 'utf8').startsWith('-----BEGIN CERTIFICATE-----'));
  assert.match(await ok(home.path, ['certs']), /CA certificate: .*ca\.crt\nTrusted by this system: (yes|no)/);

  await ok(home.path, ['deploy', fixture('app-node'), '--name', 'shop']);
  const url = `https://shop.localhost:${certs.tlsPort}/`;
  const resolve = `shop.localhost:${certs.tlsPort}:127.0.0.1`;
  // Verified against the CA it is given.
  await waitFor('shop over https', () => spawnSync('curl', ['-sf', '--cacert', certs.caCertPath, '--resolve', resolve, url]).status === 0, 20_000);

  if (!systemStore) {
    t.diagnostic('not root on a system with update-ca-certificates: the system-store round trip is skipped');
    assert.equal(serve.child.kill('SIGINT'), true);
    return;
  }
  assert.equal(certs.trusted, false);
  const trust = await cli(home.path, ['certs:trust']);
  assert.equal(trust.code, 0, trust.stderr + trust.stdout);
  // It says what it will do before doing it.
  assert.match(trust.stderr, /Dynodesk will trust its local certificate authority .* It will:\n {2}- Linux system store: copy the CA to \/usr\/local\/share\/ca-certificates\/dynodesk-[0-9a-f]{16}\.crt and run update-ca-certificates/);
  assert.match(trust.stdout, /done {5}Linux system store\n/);
  assert.equal((JSON.parse(await ok(home.path, ['certs', '--json'])) as CertsJson).trusted, true);
  // Now curl trusts it with no --cacert: the system store vouches for the CA.
  const viaSystem = spawnSync('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '--resolve', resolve, url], { encoding: 'utf8' });
  assert.equal(viaSystem.stdout, '200', viaSystem.stderr);

  const untrust = await cli(home.path, ['certs:untrust', '--json']);
  assert.equal(untrust.code, 0, untrust.stderr);
  const outcome = JSON.parse(untrust.stdout) as { status: CertsJson; steps: { outcome: string }[] };
  assert.equal(outcome.status.trusted, false);
  assert.ok(outcome.steps.every((s) => s.outcome === 'done'));
  assert.notEqual(spawnSync('curl', ['-sS', '-o', '/dev/null', '--resolve', resolve, url]).status, 0, 'no longer trusted by the system');
  assert.equal(await serve.stop(), 0);
});
