// A fixed-size log-linear latency histogram (HDR-style): exact below 64 µs, then 32 linear sub-buckets
// per power of two (≤ ~3% relative error) up to 2^31 µs (~36 min). Recording is O(1), no allocation.

const SUB_BITS = 5;
const SUB = 1 << SUB_BITS; // 32
const LINEAR = SUB * 2; // values below this get their own bucket
const MAX_EXP = 30; // highest power of two tracked (values are clamped below 2^31)
const MAX_VALUE = 2 ** (MAX_EXP + 1) - 1;
export const HISTOGRAM_BUCKETS = LINEAR + (MAX_EXP - SUB_BITS) * SUB;

function bucketOf(v: number): number {
  if (v < LINEAR) return v;
  const e = 31 - Math.clz32(v); // floor(log2 v), ≥ 6
  return LINEAR + (e - SUB_BITS - 1) * SUB + ((v >>> (e - SUB_BITS)) & (SUB - 1));
}

/** The midpoint of a bucket's value range. */
function valueOf(bucket: number): number {
  if (bucket < LINEAR) return bucket;
  const k = bucket - LINEAR;
  const e = Math.floor(k / SUB) + SUB_BITS + 1;
  const width = 2 ** (e - SUB_BITS);
  const low = 2 ** e + (k % SUB) * width;
  return low + width / 2;
}

export class Histogram {
  private readonly counts = new Uint32Array(HISTOGRAM_BUCKETS);
  total = 0;

  /** Records one value in microseconds. */
  record(us: number): void {
    const v = us <= 0 ? 0 : us >= MAX_VALUE ? MAX_VALUE : Math.round(us);
    this.counts[bucketOf(v)]!++;
    this.total++;
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
  }

  /** Percentiles (0..100) of the union of several histograms, in microseconds; 0 when empty. */
  static percentiles(hs: Histogram[], ps: number[]): number[] {
    let total = 0;
    for (const h of hs) total += h.total;
    const out = ps.map(() => 0);
    if (total === 0) return out;
    const ranks = ps.map((p) => Math.max(1, Math.ceil((p / 100) * total)));
    let seen = 0;
    let next = 0;
    for (let b = 0; b < HISTOGRAM_BUCKETS && next < ranks.length; b++) {
      for (const h of hs) seen += h.counts[b] as number;
      while (next < ranks.length && seen >= (ranks[next] as number)) out[next++] = valueOf(b);
    }
    return out;
  }
}
