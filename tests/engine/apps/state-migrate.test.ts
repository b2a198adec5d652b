// state.json from before slugs (schema 1) loads: apps keep running from their folders, their
// releases are listed (not restorable: there is no slug to return to), the next save is schema 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppRegistry } from '../../../electron/engine/apps/registry.js';
import { releaseDTOs } from '../../../electron/engine/apps/releases.js';
import { tempDir } from '../../helpers/tmp.js';

const V1 = {
  schema: 1,
  data: {
    apps: [{
      name: 'old', path: '/home/me/old', port: 7401, formation: { web: 1 }, config: { A: '1' },
      settings: { algorithm: 'round-robin', maintenance: false, memoryQuotaMb: 512, maxBodyBytes: 1024 },
      releases: [
        { version: 1, description: 'Initial release', createdAt: '2025-01-01T00:00:00.000Z' },
        { version: 2, description: 'Set A config vars', createdAt: '2025-01-02T00:00:00.000Z' },
      ],
      build: { kind: 'node', commands: { web: 'npm start' }, releaseCommand: null, pathPrepend: ['/home/me/old/node_modules/.bin'], buildEnv: {}, dotenv: {}, appJsonDefaults: {} },
    }],
  },
};

test('a schema 1 state file is migrated, not quarantined', (t) => {
  const dir = tempDir('ddm');
  t.after(() => dir.remove());
  writeFileSync(join(dir.path, 'state.json'), JSON.stringify(V1));
  const registry = new AppRegistry(dir.path);
  assert.equal(registry.loadProblem, null);
  const app = registry.get('old');
  assert.equal(app.path, '/home/me/old');
  assert.equal(app.build?.slug, null, 'built in its folder: its dynos still run there');
  assert.deepEqual(app.addonConfigKeys, []);
  assert.equal(app.settings.autodeploy, false);
  const dtos = releaseDTOs(app, null, () => true);
  assert.deepEqual(dtos.map((r) => [r.version, r.source, r.status, r.current, r.restorable]), [[2, 'config', 'succeeded', true, false], [1, 'folder', 'succeeded', false, false]]);
  registry.update('old', (d) => { d.config.B = '2'; });
  const saved = JSON.parse(readFileSync(join(dir.path, 'state.json'), 'utf8')) as { schema: number };
  assert.equal(saved.schema, 2);
  assert.equal(new AppRegistry(dir.path).get('old').config.B, '2');
});
