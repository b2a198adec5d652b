// Fresh X-Request-Id values: random (version 4) UUIDs, formatted without building intermediate
// strings. crypto.randomUUID() costs about half a kilobyte of short-lived strings per call, which on
// the router's hot path means more frequent young-generation GC pauses (and so a worse p99).
import { randomFillSync } from 'node:crypto';

const HEX = Buffer.from('0123456789abcdef', 'latin1');
/** Random bytes fetched 256 ids at a time: one call into the CSPRNG per 256 requests. */
const pool = Buffer.alloc(16 * 256);
let used = pool.length;

/** A fresh id's 36 characters written at out[o…] (no string: the router copies them into bytes anyway). */
export function writeRequestId(out: Uint8Array, o: number): void {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out[o++] = 45; // '-'
    let b = pool[used + i] as number;
    if (i === 6) b = (b & 0x0f) | 0x40; // version 4
    else if (i === 8) b = (b & 0x3f) | 0x80; // RFC 9562 variant
    out[o++] = HEX[b >> 4] as number;
    out[o++] = HEX[b & 15] as number;
  }
  used += 16;
}
