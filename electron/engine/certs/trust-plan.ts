// What installing the local CA into this machine's trust stores takes, per platform, as plain data
// (commands as argv lists), so that it can be shown before anything runs and tested without a Mac
// or a Windows machine. trust-run.ts carries it out.
import { join } from 'node:path';
import type { TrustStep } from '../../../shared/certs.js';

/** What the plan depends on: found by trust-run.ts on the real machine, given by hand in tests. */
export interface TrustEnv {
  platform: NodeJS.Platform;
  home: string;
  /** the engine runs as root (Linux: may write the system store itself) */
  root: boolean;
  /** the command is on PATH */
  has(command: string): boolean;
  exists(path: string): boolean;
  /** Firefox profile folders holding an NSS database (cert9.db) */
  firefoxProfiles: string[];
}

export interface CaIdentity {
  certPath: string;
  commonName: string;
  /** SHA-1 thumbprint, upper-case hex (how macOS and Windows tools name a certificate) */
  fingerprint1: string;
  /** short id for file names and nicknames */
  id: string;
}

/** A step with the commands that carry it out (run in order; manual steps are only shown). */
export interface PlannedStep extends TrustStep {
  argv: string[][];
  /** how to tell whether the CA is in this store now: a file with the CA's bytes, or a command that exits 0 */
  check: { file: string } | { argv: string[]; stdoutHas?: string };
}

/** Debian/Ubuntu and Fedora/Arch keep local anchors in different places, refreshed by different tools. */
const LINUX_SYSTEM_STORES = [
  { dir: '/usr/local/share/ca-certificates', refresh: ['update-ca-certificates'] },
  { dir: '/etc/pki/ca-trust/source/anchors', refresh: ['update-ca-trust', 'extract'] },
];

function nickname(ca: CaIdentity): string {
  return `${ca.commonName} ${ca.id}`;
}

export function planTrust(ca: CaIdentity, env: TrustEnv): PlannedStep[] {
  return plan(ca, env, true);
}

export function planUntrust(ca: CaIdentity, env: TrustEnv): PlannedStep[] {
  return plan(ca, env, false);
}

function plan(ca: CaIdentity, env: TrustEnv, add: boolean): PlannedStep[] {
  switch (env.platform) {
    case 'darwin': return [macKeychain(ca, env, add)];
    case 'win32': return [windowsStore(ca, add)];
    default: return [...linuxSystem(ca, env, add), ...nssStores(ca, env, add)];
  }
}

function macKeychain(ca: CaIdentity, env: TrustEnv, add: boolean): PlannedStep {
  const keychain = join(env.home, 'Library/Keychains/login.keychain-db');
  const argv = add
    // trustRoot in the user's login keychain: macOS asks for the user's password to change trust settings.
    ? [['security', 'add-trusted-cert', '-r', 'trustRoot', '-k', keychain, ca.certPath]]
    : [['security', 'remove-trusted-cert', ca.certPath], ['security', 'delete-certificate', '-Z', ca.fingerprint1, keychain]];
  return step('macOS login keychain', add ? 'add the CA to your login keychain, trusted for TLS (macOS asks for your password)' : 'remove the CA and its trust setting from your login keychain', argv, false,
    // Found by name, then told apart from an older Dynodesk CA of the same name by its thumbprint.
    { argv: ['security', 'find-certificate', '-a', '-Z', '-c', ca.commonName, keychain], stdoutHas: ca.fingerprint1 });
}

function windowsStore(ca: CaIdentity, add: boolean): PlannedStep {
  // The current user's Root store needs no administrator; Windows shows its own confirmation dialog.
  const argv = add ? [['certutil', '-user', '-addstore', 'Root', ca.certPath]] : [['certutil', '-user', '-delstore', 'Root', ca.fingerprint1]];
  return step('Windows certificate store (current user, Trusted Root)', add ? 'add the CA to your Trusted Root Certification Authorities (Windows asks you to confirm)' : 'remove the CA from your Trusted Root Certification Authorities', argv, false,
    { argv: ['certutil', '-user', '-verifystore', 'Root', ca.fingerprint1] });
}

function linuxSystem(ca: CaIdentity, env: TrustEnv, add: boolean): PlannedStep[] {
  const store = LINUX_SYSTEM_STORES.find((s) => env.exists(s.dir) && env.has(s.refresh[0] as string));
  if (!store) return [];
  const file = join(store.dir, `dynodesk-${ca.id}.crt`);
  const argv = add ? [['install', '-m', '0644', ca.certPath, file], store.refresh] : [['rm', '-f', file], store.refresh];
  const action = add ? `copy the CA to ${file} and run ${store.refresh.join(' ')}` : `remove ${file} and run ${store.refresh.join(' ')}`;
  // Writing the system store takes root; an engine that is not root shows the command instead.
  return [step('Linux system store', action, argv, !env.root, { file })];
}

function nssStores(ca: CaIdentity, env: TrustEnv, add: boolean): PlannedStep[] {
  const dbs: { store: string; dir: string }[] = [];
  const chrome = join(env.home, '.pki/nssdb');
  if (env.exists(chrome)) dbs.push({ store: 'NSS database ~/.pki/nssdb (Chrome, Chromium)', dir: chrome });
  for (const p of env.firefoxProfiles) dbs.push({ store: `Firefox profile ${p.slice(p.lastIndexOf('/') + 1)}`, dir: p });
  if (dbs.length === 0 || !env.has('certutil')) return [];
  const nick = nickname(ca);
  return dbs.map(({ store, dir }) => {
    const db = `sql:${dir}`;
    const argv = add ? [['certutil', '-d', db, '-A', '-t', 'C,,', '-n', nick, '-i', ca.certPath]] : [['certutil', '-d', db, '-D', '-n', nick]];
    return step(store, add ? 'add the CA, trusted to identify websites' : 'remove the CA', argv, false, { argv: ['certutil', '-d', db, '-L', '-n', nick] });
  });
}

function step(store: string, action: string, argv: string[][], manual: boolean, check: PlannedStep['check']): PlannedStep {
  const prefix = manual ? 'sudo ' : '';
  return { store, action, argv, manual, check, command: argv.map((a) => prefix + a.map(shellQuote).join(' ')).join(' && ') };
}

/** An argument as a POSIX shell would need it (for showing commands; nothing here runs through a shell). */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

/** Without nssdb/certutil the browsers that keep their own store need a word of advice, not a step. */
export function nssAdvice(env: TrustEnv): string | null {
  if (env.platform === 'darwin' || env.platform === 'win32') return null;
  const hasDb = env.exists(join(env.home, '.pki/nssdb')) || env.firefoxProfiles.length > 0;
  return hasDb && !env.has('certutil') ? 'Chrome and Firefox keep their own certificate store here: install certutil (Debian/Ubuntu: libnss3-tools; Fedora: nss-tools) and run this again to trust the CA there too.' : null;
}
