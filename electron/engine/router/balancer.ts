// Balancing algorithms over an app's routable dynos. `active` is the dyno's in-flight request count.
import type { BalancingAlgorithm } from '../../../shared/types.js';

export interface Balanceable {
  active: number;
}

export interface Cursor {
  next: number;
}

function leastConnections<T extends Balanceable>(ds: T[], cursor: Cursor): T {
  // Start at a rotating offset so ties spread out instead of always landing on the first dyno.
  const start = cursor.next++ % ds.length;
  let best = ds[start] as T;
  for (let i = 1; i < ds.length; i++) {
    const d = ds[(start + i) % ds.length] as T;
    if (d.active < best.active) best = d;
  }
  return best;
}

/** Picks one dyno from a non-empty list. */
export function pick<T extends Balanceable>(ds: T[], algorithm: BalancingAlgorithm, cursor: Cursor): T {
  if (ds.length === 1) return ds[0] as T;
  switch (algorithm) {
    case 'least-connections':
      return leastConnections(ds, cursor);
    case 'random':
      return ds[Math.floor(Math.random() * ds.length)] as T;
    case 'power-of-two': {
      const i = Math.floor(Math.random() * ds.length);
      let j = Math.floor(Math.random() * (ds.length - 1));
      if (j >= i) j++;
      const a = ds[i] as T;
      const b = ds[j] as T;
      return b.active < a.active ? b : a;
    }
    default: {
      // Keep the cursor small so it never loses integer precision on a long-running router.
      cursor.next = (cursor.next + 1) % 1_000_000_007;
      return ds[cursor.next % ds.length] as T;
    }
  }
}
