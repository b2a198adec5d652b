// The few X.509 structures the local certificate authority writes, built with pkijs on Node's WebCrypto.
// Everything here is ECDSA P-256 with SHA-256: fast to generate (a leaf is minted per SNI name) and
// accepted by every browser and OS trust store.
import { createHash, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

type Key = webcrypto.CryptoKey;
export interface KeyPair { publicKey: Key; privateKey: Key }

// pkijs's declarations use the DOM's WebCrypto types, which the engine (Node types only) does not have;
// Node's own implementation is what runs, so one cast at this boundary.
const engine = new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as never });
const ec = (k: Key): never => k as never;

const EC_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyId: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  authorityKeyId: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;
/** GeneralName CHOICE tags (RFC 5280 §4.2.1.6). */
const DNS_NAME = 2;
const IP_ADDRESS = 7;

export function generateKeyPair(): Promise<KeyPair> {
  return webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify']) as Promise<KeyPair>;
}

export async function exportPrivateKeyPem(key: Key): Promise<string> {
  return toPem('PRIVATE KEY', new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', key)));
}

export function importPrivateKeyPem(pem: string): Promise<Key> {
  return webcrypto.subtle.importKey('pkcs8', fromPem(pem), EC_KEY, false, ['sign']);
}

export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

export function fromPem(pem: string): Uint8Array {
  const body = pem.replace(/-----(BEGIN|END) [^-]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(body, 'base64'));
}

/** A positive 128-bit serial (RFC 5280 wants ≤ 20 bytes, positive; random so reissues never collide). */
function randomSerial(): asn1js.Integer {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = ((bytes[0] as number) & 0x7f) | 0x01;
  return new asn1js.Integer({ valueHex: bytes });
}

function ipBytes(ip: string): Uint8Array {
  if (isIP(ip) === 4) return new Uint8Array(ip.split('.').map(Number));
  // IPv6: expand '::' and write 8 groups of 16 bits.
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  const out = new Uint8Array(16);
  groups.forEach((g, i) => { const v = parseInt(g, 16); out[2 * i] = v >> 8; out[2 * i + 1] = v & 0xff; });
  return out;
}

function generalName(name: string): pkijs.GeneralName {
  return isIP(name)
    ? new pkijs.GeneralName({ type: IP_ADDRESS, value: new asn1js.OctetString({ valueHex: ipBytes(name) }) })
    : new pkijs.GeneralName({ type: DNS_NAME, value: name });
}

function extension(extnID: string, critical: boolean, value: { toSchema(): asn1js.BaseBlock } | asn1js.BaseBlock): pkijs.Extension {
  const block = value instanceof asn1js.BaseBlock ? value : value.toSchema();
  return new pkijs.Extension({ extnID, critical, extnValue: block.toBER(false) });
}

/** KeyUsage bits (RFC 5280 §4.2.1.3), numbered from the most significant bit of the first byte. */
function keyUsage(bits: number[]): pkijs.Extension {
  let byte = 0;
  for (const b of bits) byte |= 0x80 >> b;
  const unused = Math.min(...bits.map((b) => 7 - b));
  return extension(OID.keyUsage, true, new asn1js.BitString({ valueHex: new Uint8Array([byte]), unusedBits: unused }));
}
const DIGITAL_SIGNATURE = 0;
const KEY_CERT_SIGN = 5;
const CRL_SIGN = 6;

/** SHA-1 of the subject public key bits: the customary key identifier (RFC 5280 §4.2.1.2). */
async function keyId(publicKey: Key): Promise<Uint8Array> {
  const spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', publicKey));
  const info = pkijs.PublicKeyInfo.fromBER(spki);
  return new Uint8Array(createHash('sha1').update(info.subjectPublicKey.valueBlock.valueHexView).digest());
}

function distinguishedName(commonName: string, organization: string): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: [
      new pkijs.AttributeTypeAndValue({ type: OID.organization, value: new asn1js.Utf8String({ value: organization }) }),
      new pkijs.AttributeTypeAndValue({ type: OID.commonName, value: new asn1js.Utf8String({ value: commonName }) }),
    ],
  });
}

export interface Validity { notBefore: Date; notAfter: Date }

export interface CaSpec extends Validity {
  commonName: string;
  organization: string;
  keys: KeyPair;
  /** DNS names (and their subdomains) and IP addresses every certificate under this CA must stay within. */
  permittedNames: string[];
}

/** A self-signed CA certificate (DER). */
export async function createCaCertificate(spec: CaSpec): Promise<Uint8Array> {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = randomSerial();
  cert.subject = distinguishedName(spec.commonName, spec.organization);
  cert.issuer = distinguishedName(spec.commonName, spec.organization);
  cert.notBefore.value = spec.notBefore;
  cert.notAfter.value = spec.notAfter;
  await cert.subjectPublicKeyInfo.importKey(ec(spec.keys.publicKey), engine);
  const ski = await keyId(spec.keys.publicKey);
  // Name constraints: should the key ever leak, it can vouch for nothing but this machine's own names.
  const constraints = new pkijs.NameConstraints({
    permittedSubtrees: spec.permittedNames.map((n) => new pkijs.GeneralSubtree({ base: isIP(n) ? ipSubtree(n) : generalName(n) })),
  });
  cert.extensions = [
    // pathLen 0: it signs leaves only, never another CA.
    extension(OID.basicConstraints, true, new pkijs.BasicConstraints({ cA: true, pathLenConstraint: 0 })),
    keyUsage([KEY_CERT_SIGN, CRL_SIGN]),
    extension(OID.nameConstraints, true, constraints),
    extension(OID.subjectKeyId, false, new asn1js.OctetString({ valueHex: ski })),
  ];
  await cert.sign(ec(spec.keys.privateKey), 'SHA-256', engine);
  return new Uint8Array(cert.toSchema(true).toBER(false));
}

/** An IP name constraint is the address followed by its mask; these permit exactly one address. */
function ipSubtree(ip: string): pkijs.GeneralName {
  const addr = ipBytes(ip);
  const both = new Uint8Array(addr.length * 2);
  both.set(addr);
  both.fill(0xff, addr.length);
  return new pkijs.GeneralName({ type: IP_ADDRESS, value: new asn1js.OctetString({ valueHex: both }) });
}

export interface Issuer {
  /** the CA certificate (DER) */
  certificate: Uint8Array;
  privateKey: Key;
}

export interface LeafSpec extends Validity {
  /** DNS names and IP addresses, all listed in the subject alternative names */
  names: string[];
  publicKey: Key;
}

/** A TLS server certificate for `names`, signed by the CA (DER). */
export async function createLeafCertificate(issuer: Issuer, spec: LeafSpec): Promise<Uint8Array> {
  const ca = pkijs.Certificate.fromBER(new Uint8Array(issuer.certificate));
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = randomSerial();
  cert.issuer = ca.subject;
  cert.subject = new pkijs.RelativeDistinguishedNames({
    typesAndValues: [new pkijs.AttributeTypeAndValue({ type: OID.commonName, value: new asn1js.Utf8String({ value: spec.names[0] ?? 'localhost' }) })],
  });
  cert.notBefore.value = spec.notBefore;
  cert.notAfter.value = spec.notAfter;
  await cert.subjectPublicKeyInfo.importKey(ec(spec.publicKey), engine);
  const caKeyId = ca.extensions?.find((e) => e.extnID === OID.subjectKeyId);
  const aki = caKeyId ? (asn1js.fromBER(caKeyId.extnValue.valueBlock.valueHexView).result as asn1js.OctetString).valueBlock.valueHexView : null;
  cert.extensions = [
    extension(OID.basicConstraints, true, new pkijs.BasicConstraints({ cA: false })),
    keyUsage([DIGITAL_SIGNATURE]),
    extension(OID.extKeyUsage, false, new pkijs.ExtKeyUsage({ keyPurposes: [OID.serverAuth] })),
    // Browsers match names here only (never the common name); each name is listed explicitly because
    // clients refuse a wildcard directly under a single-label name such as localhost.
    extension(OID.subjectAltName, false, new pkijs.AltName({ altNames: spec.names.map(generalName) })),
    extension(OID.subjectKeyId, false, new asn1js.OctetString({ valueHex: await keyId(spec.publicKey) })),
    ...(aki ? [extension(OID.authorityKeyId, false, new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: aki }) }))] : []),
  ];
  await cert.sign(ec(issuer.privateKey), 'SHA-256', engine);
  return new Uint8Array(cert.toSchema(true).toBER(false));
}
