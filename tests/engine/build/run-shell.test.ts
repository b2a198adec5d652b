import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runShell } from '../../../electron/engine/build/run-shell.js';
import { findReaper } from '../../../electron/engine/dynos/containment.js';
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

  it('records its process while it runs, and unrecords it once done', async () => {
    const events: string[] = [];
    const outcome = await runShell('echo hi', {
      cwd: fixture('empty'), env: env(), onLine: () => undefined,
      recorder: { started: (pid) => { events.push(`started ${pid > 1}`); return () => events.push('done'); } },
    });
    assert.equal(outcome.code, 0);
    assert.deepEqual(events, ['started true', 'done']);
  });
});

/** Live processes with MARK=<mark> in their environment. */
function marked(mark: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (!readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(`MARK=${mark}`)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      if (!/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2))) out.push(Number(name));
    } catch { /* gone */ }
  }
  return out;
}

describe('runShell, contained', { skip: process.platform !== 'linux' ? 'the reaper is Linux only' : false }, () => {
  it('is contained where the reaper is built', () => {
    assert.ok(findReaper(), 'native/bin/dyno-reaper missing or unusable: node scripts/build-reaper.mjs');
  });

  it('a daemon the command double-forked dies when the command finishes', async () => {
    const mark = randomUUID();
    const outcome = await runShell('(setsid sleep 31 &); echo done', { cwd: fixture('empty'), env: { ...env(), MARK: mark }, onLine: () => undefined });
    assert.equal(outcome.code, 0);
    assert.deepEqual(marked(mark), []);
  });

  it('cancelled, a command that ignores SIGTERM dies with everything it started, a daemon ignoring SIGTERM too', async () => {
    const mark = randomUUID();
    const abort = new AbortController();
    const lines: string[] = [];
    const command = `trap '' TERM; (setsid sh -c "trap '' TERM; exec sleep 32" &); echo started; while :; do sleep 0.1; done`;
    const running = runShell(command, {
      cwd: fixture('empty'), env: { ...env(), MARK: mark }, signal: abort.signal,
      onLine: (l) => { lines.push(l); if (l === 'started') abort.abort(); },
    });
    const outcome = await running;
    assert.equal(outcome.aborted, true);
    assert.deepEqual(marked(mark), [], 'nothing of the cancelled command runs');
  });
});
