// Fresh X-Request-Id values: random (version 4) UUIDs, formatted without building intermediate
// strings. crypto.randomUUID() costs about half a kilobyte of short-lived strings per call, which on
// the router's hot path means more frequent young-generation GC pauses (and so a worse p99).
import { randomFillSync } from 'node:crypto';

/** Random bytes fetched 256 ids at a time: one call into the CSPRNG per 256 requests. */
const pool = Buffer.alloc(16 * 256);
let used = pool.length;

/** The two hex digits of every byte value, as ASCII: HEX_PAIRS[2b], HEX_PAIRS[2b + 1]. */
const HEX_PAIRS = new Uint8Array(512);
for (let b = 0; b < 256; b++) {
  HEX_PAIRS[2 * b] = '0123456789abcdef'.charCodeAt(b >> 4);
  HEX_PAIRS[2 * b + 1] = '0123456789abcdef'.charCodeAt(b & 15);
}
/** Where each of the 16 bytes' two digits go in xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx. */
const DIGITS_AT = Uint8Array.from([0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34]);

/** A fresh id's 36 characters written at out[o…] (no string: the router copies them into bytes anyway). */
export function writeRequestId(out: Uint8Array, o: number): void {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
    // Version 4 and the RFC 9562 variant, set once per batch instead of once per id.
    for (let i = 0; i < pool.length; i += 16) {
      pool[i + 6] = ((pool[i + 6] as number) & 0x0f) | 0x40;
      pool[i + 8] = ((pool[i + 8] as number) & 0x3f) | 0x80;
    }
  }
  for (let i = 0; i < 16; i++) {
    const at = o + (DIGITS_AT[i] as number);
    const b = 2 * (pool[used + i] as number);
    out[at] = HEX_PAIRS[b] as number;
    out[at + 1] = HEX_PAIRS[b + 1] as number;
  }
  out[o + 8] = out[o + 13] = out[o + 18] = out[o + 23] = 45; // '-'
  used += 16;
}
