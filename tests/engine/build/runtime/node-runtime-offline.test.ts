// engines.node without the npm registry: a matching version installed earlier still serves, and
// anything else fails saying why. The registry is made unreachable through npm's own config, in a
// test file of its own so no version list is cached in this process yet.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { prepareNodeRuntime } from '../../../../electron/engine/build/runtime/node-runtime.js';
import { tempDir } from '../../../helpers/tmp.js';
import { rejectsUser } from '../helpers.js';

describe('engines.node offline', { skip: process.platform === 'win32' ? 'the cached node is a shell script' : false }, () => {
  const data = tempDir('ddoff');
  const env: Record<string, string> = {};
  before(async () => {
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('npm_')) env[k] = v;
    // Nothing listens on port 9 (discard): npm fails at once, and is told not to retry.
    Object.assign(env, { npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0', npm_config_offline: 'false' });
    // What an earlier deploy left in the cache (only its presence matters offline).
    const bin = join(data.path, 'runtimes', 'node', '18.20.1', 'bin');
    await mkdir(bin, { recursive: true });
    await writeFile(join(bin, 'node'), '#!/bin/sh\necho v18.20.1\n');
    await chmod(join(bin, 'node'), 0o755);
  });
  after(() => data.remove());

  it('uses a matching version installed earlier, and puts the npm shim after it on PATH', async () => {
    const lines: string[] = [];
    const runtime = await prepareNodeRuntime('^18.0.0', { dataDir: data.path, dir: data.path, env, onLine: (l) => lines.push(l) });
    assert.deepEqual(lines, ['-----> Using Node 18.20.1 (engines.node: ^18.0.0), installed earlier: the npm registry could not be reached']);
    const shims = join(data.path, 'runtimes', 'npm-shim');
    assert.deepEqual(runtime, { version: '18.20.1', pathPrepend: [join(data.path, 'runtimes', 'node', '18.20.1', 'bin'), shims] });
    // The shim runs npm on the system Node, whatever `node` PATH finds first.
    const npm = spawnSync(join(shims, 'npm'), ['--version'], { env: { ...env, PATH: runtime?.pathPrepend.join(':') ?? '' }, encoding: 'utf8' });
    assert.equal(npm.status, 0, npm.stderr);
    assert.match(npm.stdout.trim(), /^\d+\.\d+\.\d+$/);
  });

  it('fails when nothing installed matches, saying the registry could not be reached', async () => {
    const err = await rejectsUser(prepareNodeRuntime('20.x', { dataDir: data.path, dir: data.path, env, onLine: () => undefined }),
      /^package\.json asks for Node 20\.x \(engines\.node\), but the list of Node\.js versions could not be fetched from the npm registry and no matching version is installed yet\. `npm view node-\S+ versions` exited with code 1/);
    assert.match(err.message, /ECONNREFUSED/, 'npm\'s own reason is quoted');
    assert.equal(err.code, 'failed');
  });
});
