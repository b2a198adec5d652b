import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPs } from '../../../electron/host/cli/format.js';
import type { DynoDTO } from '../../../shared/types.js';

test('ps says when a crashed dyno restarts', () => {
  const crashed: DynoDTO = {
    name: 'web.1', type: 'web', state: 'crashed', pid: null, port: null, restarts: 4, startedAt: null, command: 'node crash.cjs',
    exitCode: 3, cpuPercent: null, memoryBytes: null, oneOff: false, release: null, restartAt: 1_080_000,
  };
  assert.equal(formatPs([crashed], { web: 'node crash.cjs' }, 1_000_000), '=== web (1): node crash.cjs\nweb.1: crashed, restarting in 1m 20s (restarts 4)');
  assert.equal(formatPs([{ ...crashed, restartAt: null }], { web: 'node crash.cjs' }, 1_000_000), '=== web (1): node crash.cjs\nweb.1: crashed (restarts 4)');
});
