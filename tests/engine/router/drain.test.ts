// Draining and zero-drop scaling: dynos leave the rotation first, in-flight requests finish, and a
// bounded loopback load sees no errors while dynos are added, drained and removed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RawClient, request, routeApp, startDyno, startTestRouter, waitFor, type Dyno, type Router } from './helpers.js';

let router: Router;

before(async () => {
  router = await startTestRouter();
});

after(async () => {
  await router.stop();
});

test('drain waits for in-flight requests; new requests go elsewhere meanwhile', async () => {
  const dynos = await Promise.all([startDyno('web.1'), startDyno('web.2')]);
  try {
    await router.setTable([routeApp('app', dynos)]);
    const slow = [0, 1, 2, 3].map(() => request(router.port, { path: '/slow?ms=700' }));
    await waitFor('two slow requests on web.1', () => router.stats('app').dynos['web.1']?.openConnections === 2);
    let drained = false;
    const draining = router.drain('app', 'web.1', 10_000).then(() => (drained = true));
    for (let i = 0; i < 6; i++) {
      const r = await request(router.port, { path: '/during' });
      assert.equal((JSON.parse(r.body.toString()) as { dyno: string }).dyno, 'web.2');
    }
    assert.equal(drained, false, 'drain must wait for the in-flight requests');
    const results = await Promise.all(slow);
    await draining;
    assert.deepEqual(results.map((r) => r.status), [200, 200, 200, 200]);
    // draining an unknown dyno is a no-op
    await router.drain('app', 'web.9', 1_000);
  } finally {
    await Promise.all(dynos.map((d) => d.stop()));
  }
});

test('drain gives up at its timeout and cuts what is left', async () => {
  const d = await startDyno('web.1');
  try {
    await router.setTable([routeApp('cut', [d])]);
    const slow = request(router.port, { host: 'cut.localhost', method: 'POST', path: '/slow?ms=10000', body: 'x' });
    await waitFor('in flight', () => router.stats('cut').openConnections === 1);
    await router.drain('cut', 'web.1', 200);
    assert.equal((await slow).status, 503);
  } finally {
    await d.stop();
  }
});

/** 16 keep-alive clients looping GETs until stopped; counts non-2xx and socket errors. */
function load(port: number) {
  let stop = false;
  let ok = 0;
  const bad: string[] = [];
  const clients = Array.from({ length: 16 }, async () => {
    let c = new RawClient(port);
    while (!stop) {
      try {
        c.write('GET / HTTP/1.1\r\nHost: app.localhost\r\n\r\n');
        const r = await c.response();
        if (r.status >= 200 && r.status < 300) ok++;
        else bad.push(`status ${r.status}`);
        if (r.closed) c = new RawClient(port);
      } catch (e) {
        bad.push(String(e));
        c.close();
        c = new RawClient(port);
      }
    }
    if (c.errors.length) bad.push(...c.errors.map(String));
    c.close();
  });
  return {
    get ok() { return ok; },
    async finish() {
      stop = true;
      await Promise.all(clients);
      return { ok, bad };
    },
  };
}

test('zero drops under load while scaling 1→4→1 and a rolling restart', async () => {
  const live: Dyno[] = [await startDyno('web.1')];
  const all: Dyno[] = [...live];
  const table = (): Promise<void> => router.setTable([routeApp('app', live)]);
  const progress = async (l: ReturnType<typeof load>): Promise<void> => {
    const target = l.ok + 200;
    await waitFor('load progressing', () => l.ok >= target, 20_000);
  };
  const remove = async (d: Dyno): Promise<void> => {
    // The engine's order: out of rotation and drained, then SIGTERM, then gone from the table.
    await router.drain('app', d.name, 5_000);
    await d.stop();
    live.splice(live.indexOf(d), 1);
    await table();
  };
  try {
    await table();
    const l = load(router.port);
    await progress(l);
    // scale up 1 → 4: each new dyno appears as starting, then up
    for (const name of ['web.2', 'web.3', 'web.4']) {
      const d = await startDyno(name);
      all.push(d);
      live.push({ ...d, state: 'starting' });
      await table();
      live[live.length - 1] = d;
      await table();
      await progress(l);
    }
    // scale down 4 → 1
    for (const name of ['web.4', 'web.3', 'web.2']) {
      await remove(live.find((d) => d.name === name) as Dyno);
      await progress(l);
    }
    // rolling restart of web.1: the replacement (new generation, new port) comes up first
    const replacement = await startDyno('web.1');
    all.push(replacement);
    const old = live[0] as Dyno;
    live.push(replacement);
    await table();
    await progress(l);
    await router.drain('app', 'web.1', 5_000).catch(() => {});
    await old.stop();
    live.splice(live.indexOf(old), 1);
    await table();
    await progress(l);
    const { ok, bad } = await l.finish();
    assert.deepEqual(bad, []);
    assert.ok(ok > 1000, `only ${ok} requests`);
  } finally {
    await Promise.all(all.map((d) => d.stop()));
  }
});
