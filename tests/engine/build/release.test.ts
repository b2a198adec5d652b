import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runReleaseCommand } from '../../../electron/engine/build/index.js';
import { fixture, rejectsUser } from './helpers.js';

function env(extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) out[k] = v;
  return { ...out, ...extra };
}

describe('runReleaseCommand', () => {
  it('runs the app-release fixture to completion, streaming its lines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dynodesk-release-'));
    const marker = join(dir, 'marker');
    try {
      const lines: string[] = [];
      await runReleaseCommand('node release.cjs', {
        cwd: fixture('app-release'), env: env({ DYNODESK_RELEASE_MARKER: marker }), onLine: (l) => lines.push(l),
      });
      assert.deepEqual(lines, ['release phase: running migrations', 'release phase: done']);
      assert.match(await readFile(marker, 'utf8'), /^released \d+\n$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a non-zero exit fails with the exit code, after streaming stdout and stderr', async () => {
    const lines: string[] = [];
    const err = await rejectsUser(
      runReleaseCommand('node release.cjs', { cwd: fixture('app-release-fail'), env: env(), onLine: (l) => lines.push(l) }),
      'Release command failed with exit code 3',
    );
    assert.equal(err.code, 'failed');
    assert.ok(lines.includes('release phase: migration 42 failed: table "widgets" already exists'), lines.join('\n'));
  });

  it('runs through the platform shell with the given env', { skip: process.platform === 'win32' }, async () => {
    const lines: string[] = [];
    await runReleaseCommand('echo "$GREETING" && echo second >&2', { cwd: fixture('app-release'), env: env({ GREETING: 'hi there' }), onLine: (l) => lines.push(l) });
    assert.deepEqual(lines.sort(), ['hi there', 'second']);
  });

  it('a missing command fails with exit code 127', { skip: process.platform === 'win32' }, async () => {
    await rejectsUser(
      runReleaseCommand('dynodesk-no-such-command-here', { cwd: fixture('app-release'), env: env(), onLine: () => undefined }),
      'Release command failed with exit code 127',
    );
  });

  it('a command killed by a signal says so', { skip: process.platform === 'win32' }, async () => {
    await rejectsUser(
      runReleaseCommand('kill -9 $$', { cwd: fixture('app-release'), env: env(), onLine: () => undefined }),
      'Release command was killed by SIGKILL',
    );
  });

  it('a missing working directory cannot start', async () => {
    await rejectsUser(
      runReleaseCommand('echo x', { cwd: fixture('no-such-folder'), env: env(), onLine: () => undefined }),
      /^Release command could not start: /,
    );
  });

  it('can be cancelled, and then leaves nothing running', async () => {
    const controller = new AbortController();
    const run = runReleaseCommand('node -e "console.log(\'waiting\'); setInterval(() => {}, 1000)"', {
      cwd: fixture('app-release'), env: env(), signal: controller.signal,
      onLine: (l) => { if (l === 'waiting') controller.abort(); },
    });
    await rejectsUser(run, 'Release command was cancelled');
  });

  it('an already-aborted signal runs nothing', async () => {
    const lines: string[] = [];
    await rejectsUser(
      runReleaseCommand('echo should-not-run', { cwd: fixture('app-release'), env: env(), onLine: (l) => lines.push(l), signal: AbortSignal.abort() }),
      'Release command was cancelled',
    );
    assert.deepEqual(lines, []);
  });
});
