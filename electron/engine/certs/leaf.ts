// Server certificates under the local CA, minted on demand (per SNI name) and kept in memory only: the
// leaf key never touches the disk, and a fresh one is made each time the router starts.
import type { webcrypto } from 'node:crypto';
import { createLeafCertificate, exportPrivateKeyPem, fromPem, generateKeyPair, importPrivateKeyPem, toPem, type KeyPair } from './x509.js';

/** Well under the 825 days Apple allows for any TLS server certificate, trusted root or not. */
const LEAF_DAYS = 397;
const DAY_MS = 24 * 3600_000;

/** Names every leaf carries besides the one asked for: what a client reaching 127.0.0.1 or ::1 checks. */
const BASE_NAMES = ['localhost', '127.0.0.1', '::1'];

export interface LeafPem {
  certPem: string;
  keyPem: string;
  /** epoch ms */
  notAfter: number;
}

export class LeafMinter {
  private keys: Promise<{ pair: KeyPair; pem: string }> | null = null;
  private caKey: Promise<webcrypto.CryptoKey> | null = null;
  private readonly caDer: Uint8Array;

  constructor(caCertPem: string, private readonly caKeyPem: string) {
    this.caDer = fromPem(caCertPem);
  }

  /** A certificate for `name` (a *.localhost name, or null for the base names only). */
  async mint(name: string | null, now = Date.now()): Promise<LeafPem> {
    this.keys ??= generateKeyPair().then(async (pair) => ({ pair, pem: await exportPrivateKeyPem(pair.privateKey) }));
    this.caKey ??= importPrivateKeyPem(this.caKeyPem);
    const [keys, caKey] = await Promise.all([this.keys, this.caKey]);
    const names = name && !BASE_NAMES.includes(name) ? [name, ...BASE_NAMES] : BASE_NAMES;
    const notAfter = now + LEAF_DAYS * DAY_MS;
    const der = await createLeafCertificate({ certificate: this.caDer, privateKey: caKey }, {
      names, publicKey: keys.pair.publicKey, notBefore: new Date(now - 3600_000), notAfter: new Date(notAfter),
    });
    return { certPem: toPem('CERTIFICATE', der), keyPem: keys.pem, notAfter };
  }
}
