import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Histogram } from '../../../electron/engine/router/histogram.js';

test('percentiles are within the bucket precision', () => {
  const h = new Histogram();
  for (let v = 1; v <= 100_000; v++) h.record(v);
  const [p50, p95, p99] = Histogram.percentiles([h], [50, 95, 99]) as [number, number, number];
  for (const [got, want] of [[p50, 50_000], [p95, 95_000], [p99, 99_000]] as const) {
    assert.ok(Math.abs(got - want) / want < 0.035, `${got} vs ${want}`);
  }
});

test('small values are exact, huge ones clamp, empty is zero', () => {
  const h = new Histogram();
  assert.deepEqual(Histogram.percentiles([h], [50]), [0]);
  h.record(7);
  h.record(7);
  assert.deepEqual(Histogram.percentiles([h], [50, 99]), [7, 7]);
  h.record(1e15);
  assert.ok((Histogram.percentiles([h], [100])[0] as number) > 1e9);
});

test('percentiles merge several histograms', () => {
  const a = new Histogram();
  const b = new Histogram();
  for (let i = 0; i < 90; i++) a.record(10);
  for (let i = 0; i < 10; i++) b.record(1000);
  const [p50, p99] = Histogram.percentiles([a, b], [50, 99]) as [number, number];
  assert.equal(p50, 10);
  assert.ok(p99 > 950 && p99 < 1050);
});
