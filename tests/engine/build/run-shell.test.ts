import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runShell } from '../../../electron/engine/build/run-shell.js';
import { fixture } from './helpers.js';

function env(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) out[k] = v;
  return out;
}

describe('runShell', { skip: process.platform === 'win32' ? 'POSIX shell commands' : false }, () => {
  it('splits output into lines: CRLF, no trailing newline, progress-bar carriage returns', async () => {
    const lines: string[] = [];
    const outcome = await runShell(String.raw`printf 'a\r\nb\n10%%\r50%%\r100%%\nlast'`, { cwd: fixture('empty'), env: env(), onLine: (l) => lines.push(l) });
    assert.equal(outcome.code, 0);
    assert.deepEqual(lines, ['a', 'b', '100%', 'last']);
    assert.deepEqual(outcome.tail, ['a', 'b', '100%', 'last']);
  });

  it('keeps multi-byte characters intact across chunks', async () => {
    const lines: string[] = [];
    const script = 'const b = Buffer.from("héllo wörld ✓\\n"); for (const byte of b) process.stdout.write(Buffer.from([byte]));';
    await runShell(`node -e '${script}'`, { cwd: fixture('empty'), env: env(), onLine: (l) => lines.push(l) });
    assert.deepEqual(lines, ['héllo wörld ✓']);
  });

  it('keeps only the last 20 lines as the tail', async () => {
    const outcome = await runShell('for i in $(seq 1 50); do echo line $i; done', { cwd: fixture('empty'), env: env(), onLine: () => undefined });
    assert.equal(outcome.tail.length, 20);
    assert.equal(outcome.tail[0], 'line 31');
    assert.equal(outcome.tail[19], 'line 50');
  });

  it('splits a newline-free flood into bounded lines', async () => {
    const lines: string[] = [];
    await runShell(`node -e 'process.stdout.write("x".repeat(40000))'`, { cwd: fixture('empty'), env: env(), onLine: (l) => lines.push(l) });
    assert.equal(lines.join(''), 'x'.repeat(40000));
    assert.ok(lines.every((l) => l.length <= 16 * 1024));
  });

  it('kills what the command left running in the background once it exits', async () => {
    // The background sleep keeps stdout open; without the group kill this would wait for it.
    const outcome = await runShell('sleep 30 & echo started', { cwd: fixture('empty'), env: env(), onLine: () => undefined });
    assert.equal(outcome.code, 0);
    assert.deepEqual(outcome.tail, ['started']);
    // The test runner's leak check fails the run if `sleep 30` is still alive.
  });
});
