// A full disk during a deploy: no release, the running one keeps serving, the partial slug is gone.
// The data directory lives on a small tmpfs, so the disk really fills (Linux, as root only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpGet, openEngine } from '../../helpers/engine.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

function mountTmpfs(dir: string, size: string): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'needs root on Linux to mount a small tmpfs';
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=700`, 'tmpfs', dir], { encoding: 'utf8' });
  return r.status === 0 ? null : `mount failed: ${r.stderr.trim()}`;
}

const SERVER = "require('node:http').createServer((q, r) => r.end(require('node:fs').readFileSync('version.txt', 'utf8'))).listen(Number(process.env.PORT), '127.0.0.1');\n";

test('a deploy that fills the disk creates no release and leaves no partial slug; the old release serves', async (t) => {
  const work = tempDir('ddf');
  const dataDir = join(work.path, 'data');
  mkdirSync(dataDir);
  const why = mountTmpfs(dataDir, '6m');
  if (why) { work.remove(); t.skip(why); return; }
  t.after(() => { spawnSync('umount', ['-l', dataDir]); work.remove(); });
  const e = await openEngine({ dataDir, keepDir: true });
  t.after(() => e.close());
  const src = join(work.path, 'app');
  mkdirSync(src);
  writeFileSync(join(src, 'Procfile'), 'web: node server.js\n');
  writeFileSync(join(src, 'server.js'), SERVER);
  writeFileSync(join(src, 'version.txt'), 'small');
  await e.call('apps.deploy', { path: src, name: 'full' });
  const port = e.engine.routerPort;
  await waitFor('v1 serving', async () => ((await httpGet(port, 'full.localhost').catch(() => null))?.body === 'small' ? true : null));
  const slugs = readdirSync(join(dataDir, 'slugs', 'full'));

  writeFileSync(join(src, 'version.txt'), 'big');
  writeFileSync(join(src, 'blob.bin'), Buffer.alloc(16 * 1024 * 1024, 1));
  const r = await e.invoke('apps.deploy', { path: src, name: 'full' });
  assert.ok(!r.ok, 'the deploy failed');
  assert.match(r.error.message, /The disk is full/);
  assert.deepEqual(readdirSync(join(dataDir, 'slugs', 'full')), slugs, 'the partial slug was removed');
  assert.deepEqual((await e.call('releases.list', { app: 'full' })).map((x) => x.version), [1]);
  assert.equal((await httpGet(port, 'full.localhost')).body, 'small');
});
