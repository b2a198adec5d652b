// Carrying out a trust plan (trust-plan.ts) on this machine, and telling which stores hold the CA now.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { TrustStepResult } from '../../../shared/certs.js';
import type { PlannedStep, TrustEnv } from './trust-plan.js';

/** macOS and Windows may wait on a password or a confirmation dialog. */
const STEP_TIMEOUT_MS = 120_000;
const CHECK_TIMEOUT_MS = 10_000;

export function detectTrustEnv(): TrustEnv {
  const home = homedir();
  const path = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  const found = new Map<string, boolean>();
  return {
    platform: process.platform,
    home,
    root: typeof process.getuid === 'function' && process.getuid() === 0,
    has: (cmd) => {
      let v = found.get(cmd);
      if (v === undefined) {
        // The system folders too: update-ca-certificates lives in /usr/sbin, often not on a user's PATH.
        const dirs = process.platform === 'win32' ? path : [...path, '/usr/sbin', '/sbin', '/usr/bin'];
        v = dirs.some((d) => exts.some((e) => existsSync(join(d, cmd + e))));
        found.set(cmd, v);
      }
      return v;
    },
    exists: existsSync,
    firefoxProfiles: firefoxProfiles(home),
  };
}

function firefoxProfiles(home: string): string[] {
  const roots = process.platform === 'linux' ? [join(home, '.mozilla/firefox'), join(home, 'snap/firefox/common/.mozilla/firefox')] : [];
  const out: string[] = [];
  for (const root of roots) {
    let names: string[] = [];
    try { names = readdirSync(root); } catch { continue; }
    for (const n of names) if (existsSync(join(root, n, 'cert9.db'))) out.push(join(root, n));
  }
  return out;
}

interface Ran { code: number; stdout: string; stderr: string }

function run(argv: string[], timeoutMs: number): Promise<Ran> {
  const [cmd, ...args] = argv as [string, ...string[]];
  return new Promise((resolve) => {
    // No shell: every argument goes to the tool as it is.
    execFile(cmd, args, { timeout: timeoutMs, windowsHide: true, env: { ...process.env, PATH: `${process.env.PATH ?? ''}${delimiter}/usr/sbin${delimiter}/sbin` } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) || (err && code !== 0 ? err.message : '') });
    });
  });
}

/** Runs each step's commands in order; a manual step is reported, not run. One failing store does not stop the others. */
export async function runSteps(steps: PlannedStep[]): Promise<TrustStepResult[]> {
  const results: TrustStepResult[] = [];
  for (const s of steps) {
    const { argv, check: _check, ...shown } = s;
    if (s.manual) {
      results.push({ ...shown, outcome: 'manual', message: null });
      continue;
    }
    let failure: string | null = null;
    for (const a of argv) {
      const r = await run(a, STEP_TIMEOUT_MS);
      if (r.code !== 0) {
        failure = `${a[0]} exited with ${r.code}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`;
        break;
      }
    }
    results.push({ ...shown, outcome: failure ? 'failed' : 'done', message: failure });
  }
  return results;
}

/** Whether the CA is in the store a step (of the trust plan) installs it into. */
export async function inStore(step: PlannedStep, caPem: string): Promise<boolean> {
  const c = step.check;
  if ('file' in c) {
    try { return readFileSync(c.file, 'utf8').trim() === caPem.trim(); } catch { return false; }
  }
  const r = await run(c.argv, CHECK_TIMEOUT_MS);
  return r.code === 0 && (c.stdoutHas === undefined || r.stdout.toUpperCase().replace(/[\s:]/g, '').includes(c.stdoutHas));
}
