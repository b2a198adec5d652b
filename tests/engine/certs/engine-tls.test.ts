// Local HTTPS in a real engine: the default port taken means a warning and an engine that runs without
// HTTPS; the CA survives engine restarts (a user trusts it once).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer, type Server } from 'node:net';
import { DEFAULT_TLS_PORT } from '../../../shared/defaults.js';
import { askOsForPort } from '../../../electron/engine/dynos/port-allocator.js';
import { openEngine } from '../../helpers/engine.js';
import { tempDir } from '../../helpers/tmp.js';

/** Holds 7443 for the test, unless another program already does (busy either way). */
async function occupyDefault(): Promise<Server | null> {
  const s = createServer();
  return new Promise((resolve) => {
    s.once('error', () => resolve(null));
    s.listen(DEFAULT_TLS_PORT, '127.0.0.1', () => resolve(s));
  });
}

test('a busy default HTTPS port is a warning: the engine runs, HTTPS is off and certs.status says why', async (t) => {
  const held = await occupyDefault();
  t.after(() => held?.close());
  const warnings: string[] = [];
  const e = await openEngine({ routerPort: await askOsForPort(), onWarning: (w) => warnings.push(w) });
  t.after(() => e.close());
  assert.equal(e.engine.tlsPort, null);
  assert.match(warnings.join('\n'), /HTTPS is off: port 7443 is in use by another program/);
  const status = await e.call('certs.status', {});
  assert.equal(status.tlsPort, null);
  assert.match(status.tlsProblem ?? '', /port 7443/);
  assert.ok((await e.call('apps.list', {})).length === 0, 'commands work');
});

function httpsStatus(port: number, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, servername: 'nothing.localhost', headers: { host: 'nothing.localhost' }, ca, agent: false }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('error', reject);
    req.end();
  });
}

test('the CA is made on first start and reused by the next engine on the same data directory', async (t) => {
  const dir = tempDir('dde');
  t.after(() => dir.remove());
  const first = await openEngine({ dataDir: dir.path, keepDir: true });
  const s1 = await first.call('certs.status', {});
  const pem = readFileSync(s1.caCertPath, 'utf8');
  assert.ok(typeof s1.tlsPort === 'number' && s1.tlsPort > 0, 'routerPort 0: HTTPS on a free port too');
  assert.equal(await httpsStatus(s1.tlsPort, pem), 404, 'no such app, over a verified connection');
  await first.close();
  const second = await openEngine({ dataDir: dir.path, keepDir: true });
  t.after(() => second.close());
  const s2 = await second.call('certs.status', {});
  assert.equal(s2.caCertPath, s1.caCertPath);
  assert.equal(readFileSync(s2.caCertPath, 'utf8'), pem);
  assert.equal(await httpsStatus(s2.tlsPort as number, pem), 404);
});
