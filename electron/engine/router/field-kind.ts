// Header names the router acts on, recognised once at parse time as small numbers, so the hot path
// compares numbers instead of lower-casing and comparing every field name of every message.
// Any other name is OTHER and is never turned into a lower-case string unless a Connection header
// names something beyond the usual tokens (see header-rewrite.ts).

export const OTHER = 0;
export const HOST = 1;
export const CONTENT_LENGTH = 2;
export const TRANSFER_ENCODING = 3;
export const CONNECTION = 4;
export const KEEP_ALIVE = 5;
export const PROXY_CONNECTION = 6;
export const TE = 7;
export const UPGRADE = 8;
export const PROXY_AUTHENTICATE = 9;
export const PROXY_AUTHORIZATION = 10;
export const X_REQUEST_ID = 11;
export const X_REQUEST_START = 12;
export const X_FORWARDED_FOR = 13;
export const X_FORWARDED_PROTO = 14;
export const X_FORWARDED_PORT = 15;
export const VIA = 16;

// By length, then compared case-insensitively (the names are lower-case ASCII letters and '-').
// Parallel arrays rather than [name, kind] pairs: this runs for every field of every message.
const NAMES: string[][] = [];
const KINDS: number[][] = [];
for (const [name, kind] of [
  ['host', HOST], ['content-length', CONTENT_LENGTH], ['transfer-encoding', TRANSFER_ENCODING],
  ['connection', CONNECTION], ['keep-alive', KEEP_ALIVE], ['proxy-connection', PROXY_CONNECTION], ['te', TE],
  ['upgrade', UPGRADE], ['proxy-authenticate', PROXY_AUTHENTICATE], ['proxy-authorization', PROXY_AUTHORIZATION],
  ['x-request-id', X_REQUEST_ID], ['x-request-start', X_REQUEST_START], ['x-forwarded-for', X_FORWARDED_FOR],
  ['x-forwarded-proto', X_FORWARDED_PROTO], ['x-forwarded-port', X_FORWARDED_PORT], ['via', VIA],
] as Array<[string, number]>) {
  (NAMES[name.length] ??= []).push(name);
  (KINDS[name.length] ??= []).push(kind);
}

/** The kind of the (already validated token) name at s[start..end). */
export function fieldKind(s: string, start: number, end: number): number {
  const names = NAMES[end - start];
  if (names === undefined) return OTHER;
  for (let k = 0; k < names.length; k++) {
    const name = names[k] as string;
    let i = 0;
    // `| 0x20` lower-cases letters; '-' (0x2d) is unchanged, and no other token char maps onto a letter or '-'.
    while (i < name.length && (s.charCodeAt(start + i) | 0x20) === name.charCodeAt(i)) i++;
    if (i === name.length) return (KINDS[end - start] as number[])[k] as number;
  }
  return OTHER;
}

/** Hop-by-hop fields (and the framing ones the router writes itself), stripped in both directions. */
export function isHopByHop(kind: number): boolean {
  return kind >= CONTENT_LENGTH && kind <= PROXY_AUTHORIZATION;
}

/** Set by the router; a client must not be able to spoof them (X-Forwarded-For is extended, not replaced). */
export function isRouterSet(kind: number): boolean {
  return kind >= X_REQUEST_ID && kind <= X_FORWARDED_PORT && kind !== X_FORWARDED_FOR;
}
