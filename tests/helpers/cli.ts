// Running the real `dynodesk` CLI (bin/dynodesk.mjs) against a data directory, as a user would.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait.js';

export const BIN = fileURLToPath(new URL('../../bin/dynodesk.mjs', import.meta.url));

export interface Run { code: number | null; stdout: string; stderr: string }

export interface CliOptions {
  /** Where the user runs it. Default: the temp folder, never the engine's folder (this repository). */
  cwd?: string;
  /** More environment, e.g. HOME for `~` paths. */
  env?: Record<string, string>;
}

/** `dynodesk …args` with DYNODESK_HOME=home; `input` goes to its stdin (which is closed either way). */
export function cli(home: string, args: string[], input?: string, opts: CliOptions = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? tmpdir(),
      env: { ...process.env, DYNODESK_HOME: home, DYNODESK_NO_BROWSER: '1', ...opts.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `dynodesk …args` that must succeed: its stdout. */
export async function cliOk(home: string, args: string[], opts: CliOptions = {}): Promise<string> {
  const r = await cli(home, args, undefined, opts);
  assert.equal(r.code, 0, `dynodesk ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

export interface Serve {
  child: ChildProcess;
  /** stdout and stderr so far */
  output: () => string;
  /** resolves once serve has printed everything up to "Press Ctrl-C" */
  routerPort: Promise<number>;
  /** Ctrl-C, then its exit code */
  stop(): Promise<number | null>;
}

/**
 * `dynodesk serve` on a free router port with a 3 s grace, plus `flags` (e.g. --no-dashboard, --lan) and `env`.
 * It never builds the dashboard UI in the background (DYNODESK_NO_UI_BUILD=1, unless `env` says '0').
 */
export function startServe(home: string, flags: string[] = [], env: Record<string, string> = {}): Serve {
  const child = spawn(process.execPath, [BIN, 'serve', '--router-port', '0', '--grace', '3', ...flags], {
    env: { ...process.env, DYNODESK_NO_UI_BUILD: '1', ...env, DYNODESK_HOME: home },
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr?.on('data', (c: Buffer) => { out += c.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  const routerPort = waitFor('serve to print "Press Ctrl-C"', () => out.includes('Press Ctrl-C') && /Router: http:\/\/<app>\.localhost:(\d+)/.exec(out)?.[1], 30_000).then(Number);
  return {
    child, output: () => out, routerPort,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}
