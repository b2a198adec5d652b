// Writing latin1 text and decimal numbers straight into a Buffer, byte by byte. For the short strings
// of a request head or a log line this beats both string concatenation (a tree of intermediate
// strings, flattened and copied again on write) and Buffer's own writers (a call into C++ each).

/** Latin1 text; any other character becomes '?' (router text is latin1 by construction). */
export function put(buf: Buffer, o: number, s: string): number {
  return putSlice(buf, o, s, 0, s.length);
}

/** A constant, encoded once (see putBytes). */
export function latin1Bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
}

/**
 * Pre-encoded bytes: a quarter faster than put() for the constant parts of a line. Runs of 12 bytes
 * and more are one TypedArray set(), whose fixed cost (about what a 12-16 byte loop takes) beats the
 * loop from there on. Hot-path sources are plain Uint8Arrays (latin1Bytes), which keeps this call
 * monomorphic.
 */
export function putBytes(buf: Buffer, o: number, src: Uint8Array): number {
  if (src.length >= 12) {
    buf.set(src, o);
    return o + src.length;
  }
  for (let i = 0; i < src.length; i++) buf[o++] = src[i] as number;
  return o;
}

/** latin1 text given either as a string or as its bytes (a request id, see pickRequestId). */
export type Latin1Text = string | Uint8Array;

export function putText(buf: Buffer, o: number, text: Latin1Text): number {
  return typeof text === 'string' ? put(buf, o, text) : putBytes(buf, o, text);
}

/** s[a..b) of a latin1 string (as put() writes it). */
export function putSlice(buf: Buffer, o: number, s: string, a: number, b: number): number {
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    buf[o++] = c < 256 ? c : 63;
  }
  return o;
}

/** A non-negative integer in decimal (anything else as String(n) would print it). */
export function putInt(buf: Buffer, o: number, n: number): number {
  if (n >= 0 && n <= 0x7fffffff && n === (n | 0)) {
    // int32 arithmetic, digits from the last one back (the common case: ms, statuses, byte counts)
    let end = o + 1;
    for (let v = n; v >= 10; v = (v / 10) | 0) end++;
    for (let k = end - 1, v = n; k >= o; k--, v = (v / 10) | 0) buf[k] = 48 + (v % 10);
    return end;
  }
  if (!(n >= 0) || n > Number.MAX_SAFE_INTEGER) return put(buf, o, String(n));
  let d = 1;
  while (d * 10 <= n) d *= 10;
  for (; d >= 1; d /= 10) {
    const q = Math.floor(n / d);
    buf[o++] = 48 + q;
    n -= q * d;
  }
  return o;
}

/** Most bytes putInt writes. */
export const MAX_INT_BYTES = 24;

/** Buffer's own latin1 writer (one call into C++), without write()'s argument and encoding dispatch. */
export function latin1Write(buf: Buffer, s: string, offset: number): number {
  return (buf as unknown as { latin1Write(s: string, o: number, n: number): number }).latin1Write(s, offset, buf.length - offset);
}
