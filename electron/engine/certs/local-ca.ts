// The local certificate authority: created in the data directory on first use and reused afterwards,
// so a CA the user trusted once stays trusted across engine restarts.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../state/atomic-file.js';
import { createCaCertificate, exportPrivateKeyPem, generateKeyPair, toPem } from './x509.js';

const CERTS_DIR = 'certs';
const CA_CERT = 'ca.crt';
const CA_KEY = 'ca.key';
const CA_YEARS = 10;
/** A CA this close to expiring is replaced (and must be trusted again) rather than used. */
const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

/** Everything the CA may vouch for: this machine's own names (see x509.ts, name constraints). */
const PERMITTED_NAMES = ['localhost', '127.0.0.1', '::1'];

export interface LocalCa {
  certPath: string;
  keyPath: string;
  certPem: string;
  keyPem: string;
  commonName: string;
  /** SHA-256 of the certificate, hex, lower case */
  fingerprint256: string;
  /** SHA-1 of the certificate, hex, upper case without colons (what macOS and Windows tools print) */
  fingerprint1: string;
  /** A short stable id for file names and nicknames in trust stores (from the fingerprint). */
  id: string;
  /** true when this call created it */
  created: boolean;
}

function caCommonName(host = hostname()): string {
  return `Dynodesk Local CA (${host.replace(/[^\w .-]/g, '').slice(0, 48) || 'this machine'})`;
}

/** Loads the CA from <dataDir>/certs, creating it when missing, unreadable, mismatched or about to expire. */
export async function loadOrCreateCa(dataDir: string): Promise<LocalCa> {
  const dir = join(dataDir, CERTS_DIR);
  // The folder holds a private key: only we may list or enter it.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32' && (statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
  const certPath = join(dir, CA_CERT);
  const keyPath = join(dir, CA_KEY);
  const existing = readExisting(certPath, keyPath);
  if (existing) return describe(certPath, keyPath, existing.certPem, existing.keyPem, false);
  const commonName = caCommonName();
  const keys = await generateKeyPair();
  const now = Date.now();
  const der = await createCaCertificate({
    commonName,
    organization: 'Dynodesk',
    keys,
    // An hour back: a clock a little behind must not see a certificate from the future.
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + CA_YEARS * 365.25 * 24 * 3600_000),
    permittedNames: PERMITTED_NAMES,
  });
  const certPem = toPem('CERTIFICATE', der);
  const keyPem = await exportPrivateKeyPem(keys.privateKey);
  // Key first: a crash between the two leaves a key without a certificate, which is simply replaced.
  writeFileAtomic(keyPath, keyPem, 0o600);
  writeFileAtomic(certPath, certPem, 0o644);
  return describe(certPath, keyPath, certPem, keyPem, true);
}

function readExisting(certPath: string, keyPath: string): { certPem: string; keyPem: string } | null {
  if (!existsSync(certPath) || !existsSync(keyPath)) return null;
  try {
    const certPem = readFileSync(certPath, 'utf8');
    const keyPem = readFileSync(keyPath, 'utf8');
    const cert = new X509Certificate(certPem);
    if (!cert.ca || Date.parse(cert.validTo) - Date.now() < RENEW_BEFORE_MS) return null;
    // A key that does not belong to the certificate (a half-finished write, a hand edit) is useless.
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return null;
    // Owner-only, whatever an archive restore or a umask left behind.
    if (process.platform !== 'win32' && (statSync(keyPath).mode & 0o077) !== 0) chmodSync(keyPath, 0o600);
    return { certPem, keyPem };
  } catch {
    return null;
  }
}

function describe(certPath: string, keyPath: string, certPem: string, keyPem: string, created: boolean): LocalCa {
  const cert = new X509Certificate(certPem);
  const fingerprint256 = cert.fingerprint256.replace(/:/g, '').toLowerCase();
  const cn = /CN=([^\n]+)/.exec(cert.subject)?.[1] ?? caCommonName();
  return {
    certPath, keyPath, certPem, keyPem, created,
    commonName: cn,
    fingerprint256,
    fingerprint1: cert.fingerprint.replace(/:/g, '').toUpperCase(),
    id: fingerprint256.slice(0, 16),
  };
}
