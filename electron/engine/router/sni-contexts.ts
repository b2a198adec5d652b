// TLS contexts per SNI name for the router's HTTPS port, minted lazily under the local CA and cached.
// Only this machine's names get a certificate of their own: `<app>.localhost` (one label, as host
// routing reads it) and `localhost`; anything else gets the default one, which a client will refuse
// for that name, as it should.
import { createSecureContext, type SecureContext } from 'node:tls';
import { LeafMinter, type LeafPem } from '../certs/leaf.js';

/** Cached contexts at most: a client sending many made-up names costs one signature each, then evictions. */
const MAX_CONTEXTS = 256;
/** A cached leaf is replaced this long before it expires. */
const RENEW_BEFORE_MS = 7 * 24 * 3600_000;
const APP_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.localhost$/;

interface Entry { leaf: Promise<LeafPem>; context: Promise<SecureContext>; renewAt: number }

export class SniContexts {
  private readonly minter: LeafMinter;
  private readonly cache = new Map<string, Entry>();

  constructor(caCertPem: string, caKeyPem: string) {
    this.minter = new LeafMinter(caCertPem, caKeyPem);
  }

  /** The context for a ClientHello's server name ('' when the client sent none, as for an IP address). */
  get(servername: string): Promise<SecureContext> {
    return this.entry(servername).context;
  }

  /** The certificate for clients that send no server name (or one that is not this machine's). */
  defaultLeaf(): Promise<LeafPem> {
    return this.entry('').leaf;
  }

  private entry(servername: string): Entry {
    const name = normalize(servername);
    const key = name ?? '';
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.renewAt > now) {
      // Most recently used last, so eviction takes the oldest.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const mint = this.minter.mint(name, now);
    const entry: Entry = { leaf: mint, context: mint.then((leaf) => createSecureContext({ cert: leaf.certPem, key: leaf.keyPem })), renewAt: Infinity };
    // Made eagerly, awaited only when a handshake asks: a failed mint must not surface as an unhandled rejection.
    entry.context.catch(() => undefined);
    // Renewed a week before it expires; a failed mint is tried again by the next handshake that asks.
    mint.then((leaf) => { entry.renewAt = leaf.notAfter - RENEW_BEFORE_MS; }, () => { if (this.cache.get(key) === entry) this.cache.delete(key); });
    this.cache.delete(key);
    this.cache.set(key, entry);
    while (this.cache.size > MAX_CONTEXTS) this.cache.delete(this.cache.keys().next().value as string);
    return entry;
  }
}

/** The name a certificate is minted for, or null for the default (base names only). */
function normalize(servername: string): string | null {
  let n = servername.toLowerCase();
  if (n.endsWith('.')) n = n.slice(0, -1);
  if (n === 'localhost') return null;
  return APP_NAME.test(n) ? n : null;
}
