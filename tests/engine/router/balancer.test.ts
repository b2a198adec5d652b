import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pick } from '../../../electron/engine/router/balancer.js';
import type { BalancingAlgorithm } from '../../../shared/types.js';

const dynos = () => [{ id: 0, active: 0 }, { id: 1, active: 0 }, { id: 2, active: 0 }];

test('round-robin cycles', () => {
  const ds = dynos();
  const cursor = { next: -1 };
  assert.deepEqual(Array.from({ length: 6 }, () => pick(ds, 'round-robin', cursor).id), [0, 1, 2, 0, 1, 2]);
});

test('least-connections and power-of-two prefer idle dynos', () => {
  const ds = dynos();
  ds[0]!.active = 5;
  ds[2]!.active = 5;
  const cursor = { next: 0 };
  for (let i = 0; i < 20; i++) assert.equal(pick(ds, 'least-connections', cursor).id, 1);
  ds[1]!.active = 0;
  const counts = [0, 0, 0];
  for (let i = 0; i < 3000; i++) counts[pick(ds, 'power-of-two', cursor).id]!++;
  // dyno 1 wins every pair it is in (2/3 of pairs)
  assert.ok(counts[1]! > 1800, String(counts));
});

test('every algorithm only returns members and spreads over all of them', () => {
  for (const alg of ['round-robin', 'least-connections', 'random', 'power-of-two'] as BalancingAlgorithm[]) {
    const ds = dynos();
    const seen = new Set<number>();
    const cursor = { next: 0 };
    for (let i = 0; i < 300; i++) seen.add(pick(ds, alg, cursor).id);
    assert.deepEqual([...seen].sort(), [0, 1, 2], alg);
  }
});
