// socket-write.ts has two direct write paths: the libuv handle (what runs everywhere Node offers it,
// and in every other test) and the descriptor (fs.writeSync), the fallback where it does not. This
// runs the tests that lean hardest on writes (ordering under backpressure, streaming both ways,
// pipelined answers nobody reads) again with the fallback forced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('the descriptor fallback passes the write-heavy router tests too', () => {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const files = ['socket-io.test.ts', 'streaming.test.ts', 'proxy.test.ts'].map((f) => `${dir}${f}`);
  // A test run of its own (node:test refuses to nest one inside a test file that still says it is one).
  const env: NodeJS.ProcessEnv = { ...process.env, DYNODESK_ROUTER_FD_WRITES: '1' };
  delete env.NODE_TEST_CONTEXT;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', '--test-concurrency=1', ...files], {
    env,
    encoding: 'utf8',
    timeout: 240_000,
  });
  const summary = /# pass (\d+)\n# fail (\d+)/.exec(r.stdout);
  assert.ok(summary, `no test summary:\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
  assert.equal(Number(summary[2]), 0, r.stdout.split('\n').filter((l) => l.startsWith('not ok')).join('\n'));
  assert.ok(Number(summary[1]) >= 20, `only ${summary[1]} tests ran`);
  assert.equal(r.status, 0);
});
