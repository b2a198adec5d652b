// HTTPS through the router's TLS listener: certificates minted per SNI name under a real local CA and
// verified by the client against that CA (never with verification turned off), Heroku's forwarded
// headers as a real dyno sees them, WebSockets over TLS, and the port rules (0 = any, busy default = off).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request } from 'node:https';
import { createServer, type Server } from 'node:net';
import { connect, type PeerCertificate } from 'node:tls';
import { loadOrCreateCa, type LocalCa } from '../../../electron/engine/certs/local-ca.js';
import { tempDir } from '../../helpers/tmp.js';
import { routeApp, startDyno, startTestRouter, type Dyno, type Router } from './helpers.js';

let dir: { path: string; remove(): void };
let ca: LocalCa;
let dynos: Dyno[];
let router: Router;

before(async () => {
  dir = tempDir('ddt');
  ca = await loadOrCreateCa(dir.path);
  dynos = await Promise.all([startDyno('web.1'), startDyno('web.1')]);
  router = await startTestRouter({ tls: { port: 0, optional: false, caCertPem: ca.certPem, caKeyPem: ca.keyPem } });
  await router.setTable([routeApp('shop', [dynos[0] as Dyno]), routeApp('blog', [dynos[1] as Dyno])]);
});

after(async () => {
  await router.stop();
  await Promise.all(dynos.map((d) => d.stop()));
  dir.remove();
});

/** The router-echo dyno's view of the request headers (lower-case names). */
function seenHeaders(body: string): Record<string, string> {
  const raw = (JSON.parse(body) as { rawHeaders: string[] }).rawHeaders;
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) out[(raw[i] as string).toLowerCase()] = raw[i + 1] as string;
  return out;
}

interface Reply { status: number; body: string; peer: PeerCertificate; alpn: string | false | null }

/** GET over TLS to 127.0.0.1, sending `name` as SNI and Host; the chain must verify against our CA. */
function httpsGet(port: number, name: string, path = '/'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, servername: name, headers: { host: `${name}:${port}` }, ca: ca.certPem, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        const s = res.socket as import('node:tls').TLSSocket;
        resolve({ status: res.statusCode ?? 0, body, peer: s.getPeerCertificate(), alpn: s.alpnProtocol });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

test('the router serves HTTPS on the port it was given (0 = a free one), one certificate per app name, verified against the local CA', async () => {
  assert.ok(typeof router.tlsPort === 'number' && router.tlsPort > 0, `tls port ${String(router.tlsPort)}`);
  assert.notEqual(router.tlsPort, router.port);
  assert.equal(router.tlsProblem, null);
  const shop = await httpsGet(router.tlsPort as number, 'shop.localhost');
  const blog = await httpsGet(router.tlsPort as number, 'blog.localhost');
  assert.equal(shop.status, 200);
  assert.equal(blog.status, 200);
  assert.equal(seenHeaders(shop.body).host, `shop.localhost:${router.tlsPort}`);
  // Each name gets its own leaf, listing that name explicitly (no wildcard under localhost) and this machine's addresses.
  assert.equal(shop.peer.subjectaltname, 'DNS:shop.localhost, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  assert.equal(blog.peer.subjectaltname, 'DNS:blog.localhost, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  assert.notEqual(shop.peer.serialNumber, blog.peer.serialNumber);
  // Minted once per name, then cached: a later handshake for the same name gets the same certificate.
  assert.equal((await httpsGet(router.tlsPort as number, 'shop.localhost')).peer.serialNumber, shop.peer.serialNumber);
  const leaf = new X509Certificate(shop.peer.raw);
  assert.ok(leaf.verify(new X509Certificate(ca.certPem).publicKey), 'signed by the local CA');
  assert.equal(shop.alpn, false, 'the client offered no ALPN');
});

test('clients offering h2 are told http/1.1; a name the CA does not cover is refused by a verifying client', async () => {
  const port = router.tlsPort as number;
  const alpn = await new Promise<string | false | null>((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, servername: 'shop.localhost', ca: ca.certPem, ALPNProtocols: ['h2', 'http/1.1'] }, () => {
      resolve(s.alpnProtocol);
      s.end();
    });
    s.on('error', reject);
  });
  assert.equal(alpn, 'http/1.1');
  await assert.rejects(httpsGet(port, 'example.com'), /does not match|altnames|Hostname\/IP/i);
  // Without SNI (an IP address): the default leaf, valid for 127.0.0.1.
  const byIp = await new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host: 'shop.localhost' }, ca: ca.certPem, agent: false }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('error', reject);
    req.end();
  });
  assert.equal(byIp, 200);
});

test('a dyno sees X-Forwarded-Proto: https and the TLS port in X-Forwarded-Port', async () => {
  const port = router.tlsPort as number;
  const r = await httpsGet(port, 'shop.localhost', '/?x=1');
  const seen = seenHeaders(r.body);
  assert.equal(seen['x-forwarded-proto'], 'https');
  assert.equal(seen['x-forwarded-port'], String(port));
  assert.equal(seen['x-forwarded-for'], '127.0.0.1');
  // The plain port still says http.
  const plain = await new Promise<Record<string, string>>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: router.port, path: '/', headers: { host: 'shop.localhost' }, agent: false }, (res) => {
      let b = '';
      res.on('data', (c: Buffer) => (b += c.toString()));
      res.on('end', () => resolve(seenHeaders(b)));
    });
    req.on('error', reject);
    req.end();
  });
  assert.equal(plain['x-forwarded-proto'], 'http');
});

test('WebSockets work over TLS', async () => {
  const port = router.tlsPort as number;
  // A verifying TLS client speaking the handshake and frames by hand (the dyno echoes text frames).
  const sock = connect({ host: '127.0.0.1', port, servername: 'blog.localhost', ca: ca.certPem });
  await new Promise<void>((resolve, reject) => { sock.once('secureConnect', () => resolve()); sock.once('error', reject); });
  let got = Buffer.alloc(0);
  const more = (): Promise<void> => new Promise((resolve, reject) => {
    sock.once('data', (d: Buffer) => { got = Buffer.concat([got, d]); resolve(); });
    sock.once('error', reject);
  });
  sock.write(`GET /ws HTTP/1.1\r\nHost: blog.localhost:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n`
    + `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`);
  while (!got.includes('\r\n\r\n')) await more();
  const headEnd = got.indexOf('\r\n\r\n') + 4;
  assert.match(got.toString('latin1', 0, headEnd), /^HTTP\/1\.1 101 /);
  got = got.subarray(headEnd);
  const payload = Buffer.from('over tls');
  const mask = randomBytes(4);
  sock.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, Buffer.from(payload.map((b, i) => b ^ (mask[i & 3] as number)))]));
  while (got.length < 2 + payload.length) await more();
  assert.equal(got[0], 0x81);
  assert.equal(got.toString('utf8', 2, 2 + (got[1] as number)), 'over tls');
  sock.destroy();
});

async function holdPort(): Promise<Server> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  return s;
}

test('a busy optional TLS port leaves HTTPS off with a reason and the router running; a busy port asked for fails', async (t) => {
  const busy = await holdPort();
  t.after(() => busy.close());
  const taken = (busy.address() as { port: number }).port;
  const tls = { port: taken, caCertPem: ca.certPem, caKeyPem: ca.keyPem };
  const r = await startTestRouter({ tls: { ...tls, optional: true } });
  t.after(() => r.stop());
  assert.equal(r.tlsPort, null);
  assert.match(r.tlsProblem ?? '', new RegExp(`HTTPS is off: port ${taken} is in use by another program`));
  assert.ok(r.port > 0, 'the plain router runs');
  await assert.rejects(startTestRouter({ tls: { ...tls, optional: false } }), new RegExp(`HTTPS port ${taken} is already in use`));
});
