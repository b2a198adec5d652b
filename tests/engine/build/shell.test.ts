import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, it } from 'node:test';
import { findExecutable } from '../../../electron/engine/build/find-executable.js';
import { quoteArg, shellInvocation } from '../../../electron/engine/platform-shell.js';

describe('quoteArg', { skip: process.platform === 'win32' ? 'POSIX quoting' : false }, () => {
  it('round-trips awkward arguments through /bin/sh', () => {
    for (const arg of ['plain', '/a b/c', "it's", 'a"b', '$HOME', '`id`', 'x;y', '', 'ünï', 'a\\b', '*']) {
      const shell = shellInvocation(`printf %s ${quoteArg(arg)}`);
      const r = spawnSync(shell.file, shell.args, { encoding: 'utf8' });
      assert.equal(r.stdout, arg);
    }
  });

  it('leaves simple paths unquoted for readable commands', () => {
    assert.equal(quoteArg('/usr/lib/x-1.2/static-server.mjs'), '/usr/lib/x-1.2/static-server.mjs');
  });
});

describe('findExecutable', { skip: process.platform === 'win32' ? 'POSIX permissions' : false }, () => {
  it('finds executables on PATH, skipping non-executable files and relative entries', async () => {
    const a = await mkdtemp(join(tmpdir(), 'dynodesk-path-a-'));
    const b = await mkdtemp(join(tmpdir(), 'dynodesk-path-b-'));
    try {
      await writeFile(join(a, 'tool'), '#!/bin/sh\n');
      await chmod(join(a, 'tool'), 0o644);
      await writeFile(join(b, 'tool'), '#!/bin/sh\n');
      await chmod(join(b, 'tool'), 0o755);
      assert.equal(findExecutable('tool', { PATH: [a, b].join(delimiter) }), join(b, 'tool'));
      assert.equal(findExecutable('tool', { PATH: ['', '.', a].join(delimiter) }), null);
      assert.equal(findExecutable('tool', {}), null);
      assert.ok(findExecutable('node', { PATH: process.env['PATH'] ?? '' }));
    } finally {
      await rm(a, { recursive: true, force: true });
      await rm(b, { recursive: true, force: true });
    }
  });
});
