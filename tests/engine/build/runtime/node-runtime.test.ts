// engines.node through the real engine: Node 18 is fetched from the npm registry (the only network
// these tests use), cached in the data directory, first on PATH for the build script and the dyno,
// while npm itself keeps running on the system Node. One engine (one data directory, so one
// download of ~40 MB) serves every test here.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { EngineEvent } from '../../../../shared/events.js';
import { allUp, fixture, httpGet, openEngine, waitForDynos, type TestEngine } from '../../../helpers/engine.js';
import { tempDir } from '../../../helpers/tmp.js';
import { tempApp } from '../helpers.js';

/** Build log lines of one deploy, from the engine's progress events. */
function buildLines(events: EngineEvent[], deployId: string): string[] {
  return events.flatMap((ev) => (ev.event === 'deploy.progress' && ev.payload.deployId === deployId && ev.payload.line !== undefined ? [ev.payload.line] : []));
}

describe('engines.node', () => {
  let e: TestEngine;
  before(async () => {
    e = await openEngine();
  });
  after(() => e.close());

  it('installs the newest 18.x once for two deploys at the same time, runs build scripts and dynos on it, and reuses it later', async () => {
    // A second app wanting the same version, deployed at the same moment: one download, one intact copy.
    const twin = tempDir('twin');
    cpSync(fixture('app-node-engines'), twin.path, { recursive: true });
    try {
      const started = Date.now();
      const [{ app }, { app: twinApp }] = await Promise.all([
        e.call('apps.deploy', { path: fixture('app-node-engines'), deployId: 'first' }),
        e.call('apps.deploy', { path: twin.path, deployId: 'twin' }),
      ]);
      const firstMs = Date.now() - started;
      const first = buildLines(e.events, 'first');
      const both = [...first, ...buildLines(e.events, 'twin')];
      const installing = first.find((l) => l.startsWith('-----> Installing Node '));
      assert.match(installing ?? '', /^-----> Installing Node 18\.\d+\.\d+ \(engines\.node: 18\.x\)$/, first.join('\n'));
      const version = /Node (18\.\d+\.\d+)/.exec(installing ?? '')?.[1] ?? '';
      const os = process.platform === 'win32' ? 'win' : process.platform;
      assert.equal(both.filter((l) => l === `       Downloading node-${os}-${process.arch}@${version} from the npm registry`).length, 1, both.join('\n'));
      assert.ok(both.includes(`       Another deploy is installing Node ${version}: waiting for it`), both.join('\n'));
      // Whichever of the two got there first downloaded and verified it; the other waited.
      assert.equal(both.filter((l) => l === '       Verified against the registry\'s sha512 integrity hash').length, 1, both.join('\n'));
      for (const id of ['first', 'twin']) {
        assert.ok(buildLines(e.events, id).includes(`heroku-postbuild ran on v${version}`), `${id}: the build script ran on the app's Node`);
      }

      // `web: npm start`: npm runs on the system Node, the app on Node 18.
      for (const a of [app, twinApp]) {
        await waitForDynos(e, a.name, allUp({ web: 1 }), `${a.name} web.1 up`, 30_000);
        assert.equal((await httpGet(a.port, 'localhost', '/version')).body, `v${version}`);
      }
      const npmNode = (await httpGet(app.port, 'localhost', '/env/npm_node_execpath')).body;
      assert.doesNotMatch(npmNode, /runtimes/, 'npm ran on the system Node');

      const again = Date.now();
      await e.call('apps.deploy', { path: fixture('app-node-engines'), deployId: 'second' });
      const secondMs = Date.now() - again;
      const second = buildLines(e.events, 'second');
      assert.ok(second.includes(`-----> Using Node ${version} (engines.node: 18.x), installed earlier`), second.join('\n'));
      assert.ok(!second.some((l) => l.includes('Downloading')), `no second download:\n${second.join('\n')}`);
      console.log(`# two deploys with the download ${firstMs} ms, redeploy with the cached Node ${secondMs} ms`);
      await waitForDynos(e, app.name, allUp({ web: 1 }), 'web.1 up again', 30_000);
      assert.equal((await httpGet(app.port, 'localhost', '/version')).body, `v${version}`);
    } finally {
      twin.remove();
    }
  });

  it('an unsatisfiable range fails the deploy with the versions that exist', async () => {
    const app = await tempApp({ 'package.json': JSON.stringify({ name: 'too-new', engines: { node: '99.x' }, scripts: { start: 'node -e 0' } }) });
    try {
      const r = await e.invoke('apps.deploy', { path: app.dir });
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.match(r.error.message, new RegExp(`^No Node\\.js release matches engines\\.node "99\\.x" in package\\.json\\. Releases for ${process.platform}-${process.arch} \\(newest of each major\\): \\d+\\.\\d+\\.\\d+, `));
        assert.match(r.error.message, /, 18\.\d+\.\d+, /);
      }
      assert.equal((await e.call('apps.list', {})).some((a) => a.name === 'too-new'), false, 'nothing was recorded');
    } finally {
      await app.cleanup();
    }
  });

  it('a range that is not one fails at detection', async () => {
    const app = await tempApp({ 'package.json': JSON.stringify({ engines: { node: 'eighteen' }, scripts: { start: 'node -e 0' } }) });
    try {
      const r = await e.invoke('apps.deploy', { path: app.dir });
      assert.ok(!r.ok && r.error.message === 'package.json: engines.node "eighteen" is not a version range (examples: "18.x", "^22.11.0", ">=20 <23")', JSON.stringify(r));
    } finally {
      await app.cleanup();
    }
  });
});
