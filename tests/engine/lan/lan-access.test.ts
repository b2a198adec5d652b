// LAN access end to end on a real engine: the router's sockets move between 127.0.0.1 and 0.0.0.0
// without restarting dynos, the choice survives a restart, a corrupt file or a failed bind leaves it
// off. Loopback only: requests always go to 127.0.0.1, never to a LAN address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { EngineEvent } from '../../../shared/events.js';
import { allUp, fixture, httpGet, openEngine, waitForDynos, type TestEngine } from '../../helpers/engine.js';
import { listeningAddresses } from '../../helpers/listen-table.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

const HELLO = 'Hello from app-node on web.1\n';

async function deployApp(e: TestEngine): Promise<number> {
  const { app } = await e.call('apps.deploy', { path: fixture('app-node'), name: 'shop' });
  await waitForDynos(e, 'shop', allUp({ web: 1 }), 'web.1 up');
  return app.port;
}

/** One GET through each door (shared port by Host, the app's own port), no retries. */
async function routes(e: TestEngine, appPort: number): Promise<void> {
  assert.equal((await httpGet(e.engine.routerPort, 'shop.localhost')).body, HELLO);
  assert.equal((await httpGet(appPort, 'localhost')).body, HELLO);
}

/** A keep-alive client connection opened now and reused later: rebinding must not cut it. */
function keptConnection(port: number): Promise<{ get(): Promise<string>; close(): void }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: '127.0.0.1', port }, () => resolve({
      // app-node answers with a chunked body: a response ends with the last chunk.
      get: () => new Promise<string>((res, rej) => {
        let buf = '';
        const onClose = (): void => rej(new Error(`kept connection closed; got ${JSON.stringify(buf)}`));
        const onData = (c: Buffer): void => {
          buf += c.toString();
          if (!buf.endsWith('\r\n0\r\n\r\n')) return;
          socket.off('data', onData);
          socket.off('close', onClose);
          res(buf.includes(HELLO) ? HELLO : buf);
        };
        socket.on('data', onData);
        socket.once('close', onClose);
        socket.write('GET / HTTP/1.1\r\nHost: shop.localhost\r\n\r\n');
      }),
      close: () => socket.destroy(),
    }));
    socket.once('error', reject);
  });
}

/**
 * Requests in a loop while the toggle runs, each on a new connection. In the instant of the switch
 * a new connection can be refused (nothing listens for a moment) or reset (it sat in the old
 * socket's accept queue, which the kernel resets on close) before the router read a byte of it:
 * such an attempt is retried, as browsers do. Anything else (a wrong answer, an error) is a failure.
 */
function backgroundLoad(port: number): { stop(): Promise<{ ok: number; retried: number; failures: string[] }> } {
  let running = true;
  const result = { ok: 0, retried: 0, failures: [] as string[] };
  const loop = (async () => {
    for (let i = 0; running && i < 100_000; i++) {
      for (let attempt = 0; attempt < 50; attempt++) {
        try {
          const r = await httpGet(port, 'shop.localhost');
          if (r.body === HELLO) result.ok++;
          else result.failures.push(`status ${r.status}: ${r.body.slice(0, 80)}`);
          break;
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code ?? '';
          if (code !== 'ECONNREFUSED' && code !== 'ECONNRESET') { result.failures.push(String(err)); break; }
          result.retried++;
        }
      }
    }
  })();
  return { stop: async () => { running = false; await loop; return result; } };
}

test('turning LAN access on and off rebinds every router socket, keeps dynos and connections, and tells every client', async (t) => {
  const e = await openEngine();
  t.after(() => e.close());
  const appPort = await deployApp(e);
  const dynoBefore = (await e.call('ps.list', { app: 'shop' }))[0];
  const shared = e.engine.routerPort;

  const off = await e.call('engine.info', {});
  assert.equal(off.lanAccess, false);
  assert.equal(off.lanForced, false);
  assert.ok(Array.isArray(off.lanAddresses));
  assert.deepEqual(await e.engine.routerListening(), { host: '127.0.0.1', shared, apps: [appPort] });
  const kernel = listeningAddresses(shared);
  if (kernel) {
    assert.deepEqual(kernel, ['127.0.0.1']);
    assert.deepEqual(listeningAddresses(appPort), ['127.0.0.1']);
  }
  await routes(e, appPort);
  const kept = await keptConnection(appPort);
  t.after(() => kept.close());
  assert.equal(await kept.get(), HELLO);

  const load = backgroundLoad(shared);
  const on = await e.call('engine.lan', { enabled: true });
  // Right after the call resolves, both doors answer on 127.0.0.1 without any retry.
  await routes(e, appPort);
  assert.equal(on.lanAccess, true);
  assert.equal(on.lanForced, false);
  assert.deepEqual(await e.engine.routerListening(), { host: '0.0.0.0', shared, apps: [appPort] });
  if (kernel) {
    assert.deepEqual(listeningAddresses(shared), ['0.0.0.0'], 'the shared port listens on every interface');
    assert.deepEqual(listeningAddresses(appPort), ['0.0.0.0'], 'the app port listens on every interface');
  }
  assert.ok(e.events.some((ev: EngineEvent) => ev.event === 'engine.changed' && ev.payload.info.lanAccess), 'engine.changed pushed');
  assert.equal(await kept.get(), HELLO, 'a connection accepted before the rebind still works');

  const back = await e.call('engine.lan', { enabled: false });
  await routes(e, appPort);
  const during = await load.stop();
  assert.deepEqual(during.failures, [], 'no request failed while the sockets moved');
  assert.ok(during.ok > 0);
  assert.equal(back.lanAccess, false);
  assert.deepEqual(await e.engine.routerListening(), { host: '127.0.0.1', shared, apps: [appPort] });
  if (kernel) {
    assert.deepEqual(listeningAddresses(shared), ['127.0.0.1']);
    assert.deepEqual(listeningAddresses(appPort), ['127.0.0.1']);
  }
  assert.equal(await kept.get(), HELLO);

  const dynoAfter = (await e.call('ps.list', { app: 'shop' }))[0];
  assert.equal(dynoAfter?.pid, dynoBefore?.pid, 'the dyno was not restarted');
  assert.equal(dynoAfter?.restarts, dynoBefore?.restarts);
  // Asking for what is already so changes nothing and still answers.
  assert.equal((await e.call('engine.lan', { enabled: false })).lanAccess, false);
});

test('the setting is saved in the data dir and survives an engine restart', async (t) => {
  const dir = tempDir('ddl');
  t.after(() => dir.remove());
  const first = await openEngine({ dataDir: dir.path });
  try {
    await first.call('engine.lan', { enabled: true });
  } finally {
    await first.close();
  }
  const saved = JSON.parse(readFileSync(join(dir.path, 'preferences.json'), 'utf8')) as { schema: number; data: { lanAccess: boolean } };
  assert.deepEqual(saved, { schema: 1, data: { lanAccess: true } });

  const second = await openEngine({ dataDir: dir.path });
  try {
    assert.equal((await second.call('engine.info', {})).lanAccess, true);
    assert.equal((await second.engine.routerListening()).host, '0.0.0.0');
    // Apps deployed while LAN access is on get a port that is free on every interface, and listen there.
    const appPort = await deployApp(second);
    assert.deepEqual((await second.engine.routerListening()).apps, [appPort]);
    await routes(second, appPort);
    await second.call('engine.lan', { enabled: false });
  } finally {
    await second.close();
  }

  const third = await openEngine({ dataDir: dir.path });
  try {
    assert.equal((await third.call('engine.info', {})).lanAccess, false);
    assert.equal((await third.engine.routerListening()).host, '127.0.0.1');
  } finally {
    await third.close();
  }
});

test('a corrupt preferences file is set aside with a warning and LAN access is off, even if an older copy had it on', async (t) => {
  const dir = tempDir('ddl');
  t.after(() => dir.remove());
  const path = join(dir.path, 'preferences.json');
  // A start that reads "on" leaves a last-good copy saying so…
  writeFileSync(path, JSON.stringify({ schema: 1, data: { lanAccess: true } }));
  const first = await openEngine({ dataDir: dir.path });
  assert.equal((await first.call('engine.info', {})).lanAccess, true);
  await first.close();
  // …but a damaged file must not open the machine to the network on the strength of an old copy.
  writeFileSync(path, '{"schema": 1, "data": {"lanAccess": tru');
  const warnings: string[] = [];
  const e = await openEngine({ dataDir: dir.path, onWarning: (m) => warnings.push(m) });
  t.after(() => e.close());
  assert.equal((await e.call('engine.info', {})).lanAccess, false);
  assert.equal((await e.engine.routerListening()).host, '127.0.0.1');
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0] ?? '', /^Preferences file .*preferences\.json was corrupt \(.+\); moved it to .*preferences\.json\.corrupt-\S+\. LAN access is off until you turn it on again\.$/);
  assert.ok(readdirSync(dir.path).some((f) => f.startsWith('preferences.json.corrupt-')), 'the bad file is kept for inspection');
  // And the toggle works from there.
  assert.equal((await e.call('engine.lan', { enabled: true })).lanAccess, true);
});

test('wrong-typed preferences are treated as corrupt too', async (t) => {
  const dir = tempDir('ddl');
  t.after(() => dir.remove());
  writeFileSync(join(dir.path, 'preferences.json'), JSON.stringify({ schema: 1, data: { lanAccess: 'yes' } }));
  const warnings: string[] = [];
  const e = await openEngine({ dataDir: dir.path, onWarning: (m) => warnings.push(m) });
  t.after(() => e.close());
  assert.equal((await e.call('engine.info', {})).lanAccess, false);
  assert.match(warnings.join('\n'), /lanAccess must be true or false/);
});

test('a port taken on another address: the router stays on 127.0.0.1, still serving, and nothing is saved', { skip: process.platform !== 'linux' && 'needs 127.0.0.2 on loopback (Linux)' }, async (t) => {
  const e = await openEngine();
  t.after(() => e.close());
  const appPort = await deployApp(e);
  // Another program on 127.0.0.2:P: harmless next to the router's 127.0.0.1:P, fatal to 0.0.0.0:P.
  const blocker: Server = createServer((s) => s.destroy());
  await new Promise<void>((resolve, reject) => {
    blocker.once('error', reject);
    blocker.listen({ host: '127.0.0.2', port: appPort }, () => resolve());
  });
  t.after(() => blocker.close());

  const r = await e.invoke('engine.lan', { enabled: true });
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.code, 'failed');
    assert.equal(r.error.message, `Could not listen on port ${appPort} on 0.0.0.0 (another program is using it); the router stays on 127.0.0.1.`);
  }
  assert.equal((await e.call('engine.info', {})).lanAccess, false);
  assert.deepEqual(await e.engine.routerListening(), { host: '127.0.0.1', shared: e.engine.routerPort, apps: [appPort] });
  const kernel = listeningAddresses(e.engine.routerPort);
  if (kernel) {
    assert.deepEqual(kernel, ['127.0.0.1'], 'the shared port went back to 127.0.0.1');
    assert.deepEqual(listeningAddresses(appPort), ['127.0.0.1', '127.0.0.2'], 'the app port is ours again on 127.0.0.1, the other program keeps 127.0.0.2');
  }
  await routes(e, appPort);
  assert.equal(existsSync(join(e.dataDir, 'preferences.json')), false, 'the setting was not saved');
  assert.ok(!e.events.some((ev) => ev.event === 'engine.changed'), 'no change announced');

  // Once the other program is gone, the same request works.
  await new Promise<void>((resolve) => blocker.close(() => resolve()));
  assert.equal((await e.call('engine.lan', { enabled: true })).lanAccess, true);
  await routes(e, appPort);
});

test('forceLan (`serve --lan`) is on for the run, not saved, and cannot be turned off', async (t) => {
  const e = await openEngine({ forceLan: true });
  t.after(() => e.close());
  const info = await e.call('engine.info', {});
  assert.equal(info.lanAccess, true);
  assert.equal(info.lanForced, true);
  assert.equal((await e.engine.routerListening()).host, '0.0.0.0');
  assert.equal(existsSync(join(e.dataDir, 'preferences.json')), false, 'the override is not written down');
  const r = await e.invoke('engine.lan', { enabled: false });
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.code, 'conflict');
    assert.match(r.error.message, /--lan.*restart the engine without --lan/);
  }
  assert.equal((await e.engine.routerListening()).host, '0.0.0.0');
  // Enabling saves the preference for later runs; the router is already where it should be.
  assert.equal((await e.call('engine.lan', { enabled: true })).lanAccess, true);
  await waitFor('preference saved', () => existsSync(join(e.dataDir, 'preferences.json')));
});

test('bad arguments are refused before anything happens', async (t) => {
  const e = await openEngine();
  t.after(() => e.close());
  for (const args of [{}, { enabled: 'yes' }, { enabled: true, extra: 1 }]) {
    const r = await e.client.invoke('engine.lan', args);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error.message, /^Invalid arguments for engine\.lan/);
  }
  assert.equal((await e.engine.routerListening()).host, '127.0.0.1');
});

test('a saved LAN setting that cannot be honoured at start falls back to 127.0.0.1 with a warning', { skip: process.platform !== 'linux' && 'needs 127.0.0.2 on loopback (Linux)' }, async (t) => {
  const dir = tempDir('ddl');
  t.after(() => dir.remove());
  writeFileSync(join(dir.path, 'preferences.json'), JSON.stringify({ schema: 1, data: { lanAccess: true } }));
  // Another program holds the router port on 127.0.0.2, so 0.0.0.0 is out of reach but 127.0.0.1 is not.
  const blocker: Server = createServer((s) => s.destroy());
  await new Promise<void>((resolve, reject) => {
    blocker.once('error', reject);
    blocker.listen({ host: '127.0.0.2', port: 0 }, () => resolve());
  });
  t.after(() => blocker.close());
  const port = (blocker.address() as { port: number }).port;
  const warnings: string[] = [];
  const e = await openEngine({ dataDir: dir.path, routerPort: port, onWarning: (m) => warnings.push(m) });
  t.after(() => e.close());
  assert.equal(e.engine.routerPort, port);
  assert.deepEqual(await e.engine.routerListening(), { host: '127.0.0.1', shared: port, apps: [] });
  assert.equal((await e.call('engine.info', {})).lanAccess, false);
  assert.deepEqual(warnings, [`LAN access is on in your preferences, but router port ${port} is already in use on 0.0.0.0: the router listens on 127.0.0.1 only for now.`]);
  assert.equal((await httpGet(port, 'nope.localhost')).status, 404, 'the router answers on 127.0.0.1');
  // The saved choice is left as it was: it applies again once the port is free.
  assert.match(readFileSync(join(dir.path, 'preferences.json'), 'utf8'), /"lanAccess":\s*true/);
});
