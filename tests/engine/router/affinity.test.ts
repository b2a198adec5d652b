// Session affinity (Heroku's http-session-affinity) over real dynos and raw HTTP: the first answer
// pins the client with a router cookie, later requests (and WebSocket upgrades) carrying it go to the
// same dyno, a dyno that is gone falls back to balancing with a fresh cookie, Secure only over HTTPS,
// and turning the feature off or on is only a table change (no dyno restarts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { loadOrCreateCa, type LocalCa } from '../../../electron/engine/certs/local-ca.js';
import { AFFINITY_COOKIE, cookieValue } from '../../../electron/engine/router/session-affinity.js';
import { tempDir } from '../../helpers/tmp.js';
import { RawClient, header, headerAll, request, routeApp, startDyno, startTestRouter, type Dyno, type Response, type Router } from './helpers.js';

let dir: { path: string; remove(): void };
let ca: LocalCa;
let dynos: Dyno[];
let router: Router;

before(async () => {
  dir = tempDir('ddt');
  ca = await loadOrCreateCa(dir.path);
  dynos = await Promise.all([startDyno('web.1'), startDyno('web.2'), startDyno('web.3')]);
  router = await startTestRouter({ tls: { port: 0, optional: false, caCertPem: ca.certPem, caKeyPem: ca.keyPem } });
});

after(async () => {
  await router.stop();
  await Promise.all(dynos.map((d) => d.stop()));
  dir.remove();
});

const on = (ds: Dyno[] = dynos): Promise<void> => router.setTable([routeApp('app', ds, { httpSessionAffinity: true })]);

function dynoOf(r: Response): string {
  return (JSON.parse(r.body.toString()) as { dyno: string }).dyno;
}

/** The router's Set-Cookie line of a response, if it sent one. */
function affinityCookie(r: Response): string | undefined {
  return headerAll(r, 'set-cookie').find((c) => c.startsWith(`${AFFINITY_COOKIE}=`));
}

/** name=value of a Set-Cookie line, as a client sends it back. */
function pair(setCookie: string): string {
  return setCookie.split(';')[0] as string;
}

test('the first answer sets an opaque, HttpOnly, SameSite=Lax cookie (not Secure over plain HTTP); requests carrying it stay on that dyno', async () => {
  await on();
  const first = await request(router.port);
  assert.equal(first.status, 200);
  const line = affinityCookie(first);
  assert.ok(line, 'a Set-Cookie for the router cookie');
  assert.match(line, new RegExp(`^${AFFINITY_COOKIE}=[A-Za-z0-9_-]{22}; Path=/; HttpOnly; SameSite=Lax$`));
  assert.ok(!line.includes(dynoOf(first)), 'the token does not spell out the dyno');
  const pinned = dynoOf(first);
  // Round-robin would spread these over all three dynos; pinned, every one lands on the same dyno,
  // on fresh connections and on one keep-alive connection, among other cookies and in a second Cookie field.
  for (let i = 0; i < 6; i++) {
    const r = await request(router.port, { headers: { Cookie: `a=1; ${pair(line)}; b="x"` } });
    assert.equal(dynoOf(r), pinned);
    assert.equal(affinityCookie(r), undefined, 'no new cookie while the pin holds');
  }
  const c = new RawClient(router.port);
  for (let i = 0; i < 6; i++) {
    c.write(`GET / HTTP/1.1\r\nHost: app.localhost\r\nCookie: theme=dark\r\ncookie:  ${pair(line)}\r\n\r\n`);
    const r = await c.response();
    assert.equal(dynoOf(r), pinned);
  }
  c.close();
});

test('the Cookie header reaches the dyno as the client sent it, the router cookie included', async () => {
  await on();
  const line = affinityCookie(await request(router.port)) as string;
  const sent = `a=1;  ${pair(line)} ;b=2`;
  const r = await request(router.port, { headers: { Cookie: sent } });
  const raw = (JSON.parse(r.body.toString()) as { rawHeaders: string[] }).rawHeaders;
  assert.equal(raw[raw.findIndex((h) => h.toLowerCase() === 'cookie') + 1], sent);
});

test('a made-up or malformed token is balanced as usual and answered with a real one', async () => {
  await on();
  const forged = randomBytes(16).toString('base64url');
  const seen = new Set<string>();
  for (const cookie of [`${AFFINITY_COOKIE}=${forged}`, `${AFFINITY_COOKIE}=web.1`, `${AFFINITY_COOKIE.toUpperCase()}=x`, `x${AFFINITY_COOKIE}=y`]) {
    for (let i = 0; i < 3; i++) {
      const r = await request(router.port, { headers: { Cookie: cookie } });
      seen.add(dynoOf(r));
      const line = affinityCookie(r);
      assert.ok(line && !line.includes(forged), `a fresh cookie for ${cookie}`);
    }
  }
  assert.equal(seen.size, 3, 'balanced over every dyno');
});

test('a pinned dyno that is gone (out of the table, crashed, restarted on a new port) falls back to another and re-issues the cookie', async () => {
  await on();
  const first = await request(router.port);
  const line = affinityCookie(first) as string;
  const pinned = dynos.find((d) => d.name === dynoOf(first)) as Dyno;
  const others = dynos.filter((d) => d !== pinned);
  await on(others);
  const moved = await request(router.port, { headers: { Cookie: pair(line) } });
  assert.equal(moved.status, 200);
  assert.notEqual(dynoOf(moved), pinned.name);
  const again = affinityCookie(moved);
  assert.ok(again && again !== line, 'a new cookie for the new dyno');
  for (let i = 0; i < 4; i++) assert.equal(dynoOf(await request(router.port, { headers: { Cookie: pair(again) } })), dynoOf(moved));
  // Crashed (still listed, not up): the same fallback.
  await router.setTable([routeApp('app', [...others, { ...pinned, state: 'crashed' }], { httpSessionAffinity: true })]);
  const crashed = await request(router.port, { headers: { Cookie: pair(line) } });
  assert.notEqual(dynoOf(crashed), pinned.name);
  assert.ok(affinityCookie(crashed));
  // Back in the table on the same port: the same generation, so the old cookie works again.
  await on();
  assert.equal(dynoOf(await request(router.port, { headers: { Cookie: pair(line) } })), pinned.name);
  // A new generation of web.N (a restart gets a new port) is a different dyno: the old cookie no longer names it.
  const reborn = await startDyno(pinned.name);
  try {
    await on([...others, reborn]);
    const r = await request(router.port, { headers: { Cookie: pair(line) } });
    assert.ok(affinityCookie(r), 'a fresh cookie after the restart');
  } finally {
    await reborn.stop();
  }
});

test('turning the feature off stops the cookie and ignores it, and on again honours it: no dyno restarts', async () => {
  await on();
  const line = affinityCookie(await request(router.port)) as string;
  await router.setTable([routeApp('app', dynos, { httpSessionAffinity: false })]);
  const seen = new Set<string>();
  for (let i = 0; i < 6; i++) {
    const r = await request(router.port, { headers: { Cookie: pair(line) } });
    assert.equal(affinityCookie(r), undefined, 'no cookie with the feature off');
    seen.add(dynoOf(r));
  }
  assert.equal(seen.size, 3, 'balanced over every dyno');
  await on();
  const pinned = dynoOf(await request(router.port, { headers: { Cookie: pair(line) } }));
  for (let i = 0; i < 4; i++) assert.equal(dynoOf(await request(router.port, { headers: { Cookie: pair(line) } })), pinned);
  for (const d of dynos) assert.equal(d.proc.exitCode, null, `${d.name} kept running`);
});

test('over HTTPS the cookie is Secure, and it pins there too', async () => {
  await on();
  const get = (cookie?: string): Promise<{ dyno: string; setCookie: string[] }> => new Promise((resolve, reject) => {
    const req = httpsRequest({
      host: '127.0.0.1', port: router.tlsPort as number, path: '/', servername: 'app.localhost', ca: ca.certPem, agent: false,
      headers: { host: 'app.localhost', ...(cookie ? { cookie } : {}) },
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ dyno: (JSON.parse(body) as { dyno: string }).dyno, setCookie: res.headers['set-cookie'] ?? [] }));
    });
    req.on('error', reject);
    req.end();
  });
  const first = await get();
  const line = first.setCookie.find((c) => c.startsWith(`${AFFINITY_COOKIE}=`));
  assert.ok(line);
  assert.match(line, /; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
  for (let i = 0; i < 4; i++) {
    const r = await get(pair(line));
    assert.equal(r.dyno, first.dyno);
    assert.equal(r.setCookie.length, 0);
  }
});

test('WebSocket upgrades honour the cookie, and an upgrade without one gets it on the 101', async () => {
  await on();
  const upgrade = async (cookie?: string): Promise<Response> => {
    const raw = new RawClient(router.port);
    raw.write(`GET /ws HTTP/1.1\r\nHost: app.localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n${cookie ? `Cookie: ${cookie}\r\n` : ''}`
      + `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`);
    const r = await raw.response();
    raw.close();
    return r;
  };
  const first = await upgrade();
  assert.equal(first.status, 101);
  const line = affinityCookie(first);
  assert.ok(line, 'the 101 pins the client');
  for (let i = 0; i < 4; i++) {
    const r = await upgrade(pair(line));
    assert.equal(r.status, 101);
    assert.equal(header(r, 'x-dyno'), header(first, 'x-dyno'));
    assert.equal(affinityCookie(r), undefined);
  }
  // A cookie from a plain request pins the upgrade to the same dyno (socket.io's polling, then WebSocket).
  const plain = await request(router.port);
  const ws = await upgrade(pair(affinityCookie(plain) as string));
  assert.equal(header(ws, 'x-dyno'), dynoOf(plain));
});

test('cookieValue reads one pair exactly: names are case-sensitive, spaces around pairs are optional, quotes come off', () => {
  assert.equal(cookieValue('a=1; n=v; b=2', 'n'), 'v');
  assert.equal(cookieValue('a=1;n=v', 'n'), 'v');
  assert.equal(cookieValue('n="v"', 'n'), 'v');
  assert.equal(cookieValue('N=v', 'n'), null);
  assert.equal(cookieValue('xn=v; nn=w', 'n'), null);
  assert.equal(cookieValue('a=n=v', 'n'), null);
  assert.equal(cookieValue('', 'n'), null);
  assert.equal(cookieValue('n=', 'n'), '');
});
