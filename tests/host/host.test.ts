import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHost } from '../../electron/host/host.js';
import { tempDir } from '../helpers/tmp.js';

test('engine.info names the dashboard without its token (every client can read engine.info)', async (t) => {
  const dir = tempDir('ddh');
  t.after(() => dir.remove());
  const host = await startHost({ dataDir: dir.path, routerPort: 0, dashboardPort: 0 });
  t.after(() => host.close());
  assert.match(host.dashboard?.url ?? '', /#token=[\w-]{20,}$/, 'the printed URL carries the token');
  const client = host.engine.connect(() => undefined);
  t.after(() => client.close());
  const info = await client.invoke('engine.info', {});
  assert.ok(info.ok);
  if (info.ok) {
    const value = info.value as { dashboardUrl: string | null };
    assert.equal(value.dashboardUrl, `http://127.0.0.1:${host.dashboard?.port}/`);
  }
});
