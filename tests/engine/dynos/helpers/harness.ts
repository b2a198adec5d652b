// Shared test harness: fixture releases, hooks that record everything, polling waits.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Supervisor, type SupervisorTuning } from '../../../../electron/engine/dynos/supervisor.js';
import type { ProcessRelease, SupervisorHooks } from '../../../../electron/engine/dynos/types.js';

export { waitFor } from '../../../helpers/wait.js';

export const FIXTURES = resolve(import.meta.dirname, '../../../fixtures');

/** A release built from a fixture folder's Procfile. */
export function fixtureRelease(fixture: string, version = 1, env: Record<string, string> = {}, memoryQuotaMb = 512): ProcessRelease {
  const cwd = join(FIXTURES, fixture);
  const commands: Record<string, string> = {};
  for (const line of readFileSync(join(cwd, 'Procfile'), 'utf8').split('\n')) {
    const m = /^([A-Za-z0-9_-]+):\s*(.+)$/.exec(line.trim());
    if (m?.[1] && m[2]) commands[m[1]] = m[2];
  }
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) base[k] = v;
  return { version, cwd, env: { ...base, ...env }, commands, memoryQuotaMb };
}

export interface Recorded {
  lifecycle: Array<{ app: string; dyno: string; text: string }>;
  output: Map<string, number>;
  outputText: Map<string, string>;
  crashed: Array<{ dyno: string; exitCode: number | null }>;
  beforeStop: string[];
  routingChanges: number;
  dynosChanges: number;
  rolloutsStopped: string[];
}

export interface HarnessHookOptions {
  keepText?: boolean;
  drain?: (dyno: string) => Promise<void>;
  onDynosChanged?: (app: string) => void;
}

export function recordingHooks(opts: HarnessHookOptions = {}): { hooks: SupervisorHooks; rec: Recorded } {
  const rec: Recorded = { lifecycle: [], output: new Map(), outputText: new Map(), crashed: [], beforeStop: [], routingChanges: 0, dynosChanges: 0, rolloutsStopped: [] };
  const keepText = opts.keepText ?? true;
  const hooks: SupervisorHooks = {
    dynosChanged: (app) => {
      rec.dynosChanges++;
      opts.onDynosChanged?.(app);
    },
    output: (_app, dyno, data) => {
      rec.output.set(dyno, (rec.output.get(dyno) ?? 0) + data.length);
      if (keepText) rec.outputText.set(dyno, ((rec.outputText.get(dyno) ?? '') + data).slice(-200_000));
    },
    lifecycle: (app, dyno, text) => { rec.lifecycle.push({ app, dyno, text }); },
    crashed: (_app, dyno, exitCode) => { rec.crashed.push({ dyno, exitCode }); },
    beforeStop: async (_app, dyno) => {
      rec.beforeStop.push(dyno);
      await opts.drain?.(dyno);
    },
    routingChanged: () => { rec.routingChanges++; },
    rolloutStopped: (_app, message) => { rec.rolloutsStopped.push(message); },
  };
  return { hooks, rec };
}

export function tempDir(prefix = 'dynodesk-dynos-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestSupervisor {
  sup: Supervisor;
  rec: Recorded;
  dataDir: string;
  close(): Promise<void>;
}

export function startSupervisor(
  opts: Partial<SupervisorTuning> & HarnessHookOptions & { bootTimeoutMs?: number; graceMs?: number } = {},
): TestSupervisor {
  const tmp = tempDir();
  const { hooks, rec } = recordingHooks(opts);
  const sup = new Supervisor({
    dataDir: tmp.dir, bootTimeoutMs: opts.bootTimeoutMs ?? 30_000, graceMs: opts.graceMs ?? 3000, hooks, ...opts,
  });
  return {
    sup, rec, dataDir: tmp.dir,
    close: async () => {
      await sup.shutdown();
      tmp.remove();
    },
  };
}

/** Poll `check` until it returns a truthy value; fail with `what` after the deadline. */
export function pidAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

export async function httpGet(port: number, path = '/'): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return res.text();
}

export function lines(rec: Recorded, dyno?: string): string[] {
  return rec.lifecycle.filter((l) => dyno === undefined || l.dyno === dyno).map((l) => l.text);
}
