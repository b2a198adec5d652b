// Playing a second local user (nobody, uid 65534) in permission tests: the "attacker" who gets to a shared
// path first. Needs root (to switch user) and setpriv; tests skip themselves elsewhere.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { waitFor } from './wait.js';

export const OTHER_UID = 65534;

const SETPRIV = '/usr/bin/setpriv';

/** Why these tests cannot run here, or false when they can. */
export const otherUserUnavailable: string | false = process.platform !== 'linux'
  ? 'needs Linux'
  : process.getuid?.() !== 0
    ? 'needs root to act as a second user'
    : existsSync(SETPRIV) ? false : `needs ${SETPRIV}`;

export interface OtherUserProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves once the script has printed `ready`. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

function spawnAsOther(script: string, args: string[]): ChildProcess {
  return spawn(SETPRIV, [`--reuid=${OTHER_UID}`, `--regid=${OTHER_UID}`, '--clear-groups', process.execPath, '-e', script, ...args], {
    // Not our environment (our temp folder and home are root's), but the marker the leak check looks for.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...(process.env.DYNODESK_TEST_RUN ? { DYNODESK_TEST_RUN: process.env.DYNODESK_TEST_RUN } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Run a Node script as the other user to completion; rejects with its stderr when it fails. */
export function runAsOtherUser(script: string, args: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawnAsOther(script, args);
    let out = '';
    let err = '';
    child.stdout?.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr?.on('data', (c: Buffer) => { err += c.toString(); });
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`script as uid ${OTHER_UID} failed (${code}): ${err}`))));
  });
}

/** Start a long-running Node script as the other user (a squatting server…); `stop` kills it. */
export function startAsOtherUser(script: string, args: string[] = []): OtherUserProcess {
  const child = spawnAsOther(script, args);
  let out = '';
  child.stdout?.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr?.on('data', (c: Buffer) => { out += c.toString(); });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    child,
    output: () => out,
    ready: waitFor(`uid ${OTHER_UID} script to be ready`, () => {
      if (child.exitCode !== null) throw new Error(`it exited: ${out}`);
      return /^ready$/m.test(out);
    }, 15_000).then(() => undefined),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * A squatter: creates the socket's folder if missing and listens on `socketPath`, reporting whatever a client
 * sends ("GOT …") and hanging up on it, so a client that trusted it fails fast instead of waiting forever.
 */
export const SQUATTER_SCRIPT = `
const fs = require('node:fs'), net = require('node:net'), path = require('node:path');
const sock = process.argv[1];
fs.mkdirSync(path.dirname(sock), { recursive: true, mode: 0o777 });
try { fs.unlinkSync(sock); } catch {}
const server = net.createServer((s) => s.on('data', (d) => { process.stdout.write('GOT ' + d.toString() + '\\n'); s.destroy(); }));
server.listen(sock, () => { fs.chmodSync(sock, 0o777); console.log('ready'); });
`;
