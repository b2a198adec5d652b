// Running the real `dynodesk` CLI (bin/dynodesk.mjs) against a data directory, as a user would.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/dynodesk.mjs', import.meta.url));

export interface Run { code: number | null; stdout: string; stderr: string }

/** `dynodesk …args` with DYNODESK_HOME=home; `input` goes to its stdin (which is closed either way). */
export function cli(home: string, args: string[], input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, DYNODESK_HOME: home, DYNODESK_NO_BROWSER: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
