// Distribution per balancing algorithm over real dynos, and which dynos get traffic at all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BalancingAlgorithm } from '../../../shared/types.js';
import { RawClient, request, routeApp, startDyno, startTestRouter, waitFor, type Dyno, type Router } from './helpers.js';

let dynos: Dyno[];
let router: Router;

before(async () => {
  dynos = await Promise.all([startDyno('web.1'), startDyno('web.2'), startDyno('web.3')]);
  router = await startTestRouter();
});

after(async () => {
  await router.stop();
  await Promise.all(dynos.map((d) => d.stop()));
});

/** Sends n sequential requests on one keep-alive connection; counts which dyno answered. */
async function distribution(n: number, host = 'app.localhost'): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const c = new RawClient(router.port);
  for (let i = 0; i < n; i++) {
    c.write(`GET /d HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    const r = await c.response();
    assert.equal(r.status, 200);
    const d = (JSON.parse(r.body.toString()) as { dyno: string }).dyno;
    counts[d] = (counts[d] ?? 0) + 1;
  }
  c.close();
  return counts;
}

test('round-robin: exactly even', async () => {
  await router.setTable([routeApp('app', dynos, { algorithm: 'round-robin' })]);
  assert.deepEqual(await distribution(300), { 'web.1': 100, 'web.2': 100, 'web.3': 100 });
});

for (const algorithm of ['random', 'least-connections', 'power-of-two'] as BalancingAlgorithm[]) {
  test(`${algorithm}: every up dyno gets a fair part`, async () => {
    await router.setTable([routeApp('app', dynos, { algorithm })]);
    const counts = await distribution(300);
    for (const d of dynos) {
      // binomial(300, 1/3): 50 is more than 6 standard deviations from the mean
      assert.ok((counts[d.name] ?? 0) >= 50 && (counts[d.name] ?? 0) <= 150, `${algorithm} ${JSON.stringify(counts)}`);
    }
  });
}

for (const algorithm of ['least-connections', 'power-of-two'] as BalancingAlgorithm[]) {
  test(`${algorithm}: a busy dyno is avoided`, async () => {
    await router.setTable([routeApp('app', dynos, { algorithm })]);
    // Occupy one dyno with a slow request, then see where quick ones go.
    await waitFor('stats settled', () => router.stats('app').openConnections === 0);
    const slow = [request(router.port, { path: '/slow?ms=1500' })];
    await waitFor('slow request in flight', () => router.stats('app').openConnections === 1);
    const busy = Object.entries(router.stats('app').dynos).find(([, s]) => s.openConnections === 1)?.[0];
    assert.ok(busy);
    if (algorithm === 'least-connections') {
      const counts = await distribution(30);
      assert.equal(counts[busy] ?? 0, 0, JSON.stringify(counts));
    } else {
      // p2c only avoids the busy dyno when it is one of the two it compares: it still gets fewer.
      const counts = await distribution(60);
      assert.ok((counts[busy] ?? 0) < 20, JSON.stringify(counts));
    }
    await Promise.all(slow);
  });
}

test('only up dynos get requests', async () => {
  const table = routeApp('app', dynos);
  table.dynos[1]!.state = 'starting';
  table.dynos[2]!.state = 'stopping';
  await router.setTable([table]);
  assert.deepEqual(await distribution(20), { 'web.1': 20 });
});
