// Every release is a slug: folder deploys build a copy (the folder is never written), config
// changes reuse the slug, rollbacks return to an earlier slug and its config, old slugs are pruned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { allUp, openEngine, waitForDynos } from '../../helpers/engine.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';
import { ask, writeSlugApp } from './helpers/slug-app.js';
import { hashTree } from './helpers/tree-hash.js';

test('folder deploys: built in a slug with a real npm install, the folder unchanged; releases, cache, rollback, pruning', async (t) => {
  const e = await openEngine();
  const dir = tempDir('dds');
  t.after(async () => { await e.close(); dir.remove(); });
  const src = join(dir.path, 'slugdemo');
  writeSlugApp(src, 'one');
  // What a deploy must neither copy nor touch.
  mkdirSync(join(src, 'node_modules', 'stale'), { recursive: true });
  writeFileSync(join(src, 'node_modules', 'stale', 'index.js'), 'left over\n');
  const before = hashTree(src);
  const lines = (id: string): string[] => e.events.flatMap((ev) => (ev.event === 'deploy.progress' && ev.payload.deployId === id && ev.payload.line ? [ev.payload.line] : []));

  const first = await e.call('apps.deploy', { path: src, deployId: 'd1' });
  assert.equal(first.release, 1);
  const port = e.engine.routerPort;
  const v1 = await waitFor('v1 serving', async () => ask(port, 'slugdemo').catch(() => null));
  assert.equal(v1.version, 'one');
  assert.equal(v1.minute, 60_000, 'the dependency from the registry was installed');
  const slugs = join(e.dataDir, 'slugs', 'slugdemo');
  assert.ok(v1.cwd.startsWith(slugs + sep), `the dyno runs in its slug, not in the folder (cwd ${v1.cwd})`);
  assert.ok(lines('d1').some((l) => l.startsWith('-----> Installing dependencies (npm ci)')), lines('d1').join('\n'));
  assert.ok(!existsSync(join(v1.cwd, 'node_modules', 'stale')), "the folder's node_modules was not copied");
  // npm writes a debug log into its cache folder (the build cache's, in a build) each time it runs.
  const npmLogs = join(e.dataDir, 'cache', 'slugdemo', 'node', 'downloads', 'npm', '_logs');
  const npmRunsOfFirst = readdirSync(npmLogs);
  assert.ok(npmRunsOfFirst.length > 0, 'the first build ran npm, with the build cache as its cache');

  // Unchanged dependencies: restored from the build cache, not installed again.
  writeFileSync(join(src, 'version.txt'), 'two\n');
  const twoBefore = hashTree(src);
  assert.equal((await e.call('apps.deploy', { path: src, deployId: 'd2' })).release, 2);
  assert.ok(lines('d2').some((l) => l.startsWith('-----> Restored node_modules from the build cache')), lines('d2').join('\n'));
  assert.ok(!lines('d2').some((l) => l.startsWith('-----> Installing dependencies')), 'npm ci was skipped');
  assert.deepEqual(readdirSync(npmLogs), npmRunsOfFirst, 'the second build did not run npm at all');
  const v2 = await waitFor('v2 serving', async () => { const r = await ask(port, 'slugdemo').catch(() => null); return r?.version === 'two' ? r : null; });
  assert.notEqual(v2.cwd, v1.cwd, 'a new build, a new slug');
  assert.equal(v2.minute, 60_000);

  // A config change is a release on the same slug.
  const v3 = await e.call('config.set', { app: 'slugdemo', vars: { GREETING: 'hello' } });
  assert.equal(v3.release, 3);
  const served3 = await waitFor('v3 serving', async () => { const r = await ask(port, 'slugdemo').catch(() => null); return r?.greeting === 'hello' ? r : null; });
  assert.equal(served3.cwd, v2.cwd);

  let releases = await e.call('releases.list', { app: 'slugdemo' });
  assert.deepEqual(releases.map((r) => [r.version, r.source, r.current, r.restorable]), [[3, 'config', true, true], [2, 'folder', false, true], [1, 'folder', false, true]]);
  await waitFor('v3 succeeded', async () => ((await e.call('releases.list', { app: 'slugdemo' }))[0]?.status === 'succeeded' ? true : null));

  // Rollback: v1's code and v1's config (no GREETING), as a new release. (Once v2's dyno has
  // drained: a release applied while a replaced dyno still drains is not tracked by rolloutDone.)
  await waitForDynos(e, 'slugdemo', allUp({ web: 1 }), 'v3 alone');
  const back = await e.call('releases.rollback', { app: 'slugdemo', version: 1 });
  assert.deepEqual(back, { release: 4, warning: null });
  const rolled = await ask(port, 'slugdemo');
  assert.deepEqual(rolled, { ...v1 }, 'v1 serves again, from its slug, with its config');
  assert.deepEqual(await e.call('config.get', { app: 'slugdemo' }), {});
  releases = await e.call('releases.list', { app: 'slugdemo' });
  assert.deepEqual(releases.slice(0, 1).map((r) => [r.version, r.source, r.description, r.status]), [[4, 'rollback', 'Rollback to v1', 'succeeded']]);

  // Five more releases: v2's slug (used by v2 and v3) leaves the window and is pruned.
  for (let i = 0; i < 5; i++) await e.call('config.set', { app: 'slugdemo', vars: { N: String(i) } });
  await waitFor('v2 slug pruned', async () => (readdirSync(slugs).length === 1 ? true : null));
  releases = await e.call('releases.list', { app: 'slugdemo' });
  assert.deepEqual(releases.filter((r) => !r.restorable).map((r) => r.version), [3, 2]);
  assert.ok(releases.find((r) => r.version === 1)?.restorable, "v1's slug is kept: the running release uses it");
  const pruned = await e.invoke('releases.rollback', { app: 'slugdemo', version: 2 });
  assert.ok(!pruned.ok && /Cannot roll back slugdemo to v2: its slug is no longer kept/.test(pruned.error.message), JSON.stringify(pruned));
  const unknown = await e.invoke('releases.rollback', { app: 'slugdemo', version: 42 });
  assert.ok(!unknown.ok && unknown.error.code === 'not_found' && /no release v42: the newest is v9/.test(unknown.error.message));
  assert.equal((await e.call('releases.list', { app: 'slugdemo' })).length, 9, 'refusals made no release');

  const info = await e.call('apps.info', { app: 'slugdemo' });
  assert.ok(info.slugBytes > 0 && info.cacheBytes > 0, `slug ${info.slugBytes} B, cache ${info.cacheBytes} B`);
  const purged = await e.call('builds.cachePurge', { app: 'slugdemo' });
  assert.ok(purged.freedBytes > 0);
  assert.equal((await e.call('apps.info', { app: 'slugdemo' })).cacheBytes, 0);

  assert.deepEqual(hashTree(src), twoBefore, 'no deploy, dyno or rollback wrote to the folder');
  assert.notDeepEqual(twoBefore, before);
  assert.deepEqual(Object.keys(twoBefore).sort(), Object.keys(before).sort(), 'not even a new file (lock, cache, venv)');
});
