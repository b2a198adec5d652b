// .python-version and runtime.txt through the real engine, with this machine's own interpreters.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findPythonInterpreters } from '../../../../electron/engine/build/runtime/python-interpreters.js';
import type { EngineEvent } from '../../../../shared/events.js';
import { allUp, fixture, httpGet, openEngine, waitForDynos, type TestEngine } from '../../../helpers/engine.js';

function buildLines(events: EngineEvent[], deployId: string): string[] {
  return events.flatMap((ev) => (ev.event === 'deploy.progress' && ev.payload.deployId === deployId && ev.payload.line !== undefined ? [ev.payload.line] : []));
}

const env: Record<string, string> = {};
for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
const has311 = (await findPythonInterpreters({ env })).some((p) => p.version.startsWith('3.11.'));
if (!has311) console.log('# skipping the .python-version 3.11 deploy: no Python 3.11 installed here');

describe('python versions', () => {
  let e: TestEngine;
  before(async () => {
    e = await openEngine();
  });
  after(() => e.close());

  it('.python-version 3.11: the venv and the dyno run the newest 3.11 installed, named in the build log', { skip: !has311 }, async () => {
    const { app } = await e.call('apps.deploy', { path: fixture('app-python-version'), deployId: 'py311' });
    const lines = buildLines(e.events, 'py311');
    const using = lines.find((l) => l.startsWith('-----> Using Python '));
    assert.match(using ?? '', /^-----> Using Python 3\.11\.\d+ \(\.python-version: 3\.11\), (pyenv|uv|PATH): \/.+$/, lines.join('\n'));
    await waitForDynos(e, app.name, allUp({ web: 1 }), 'web.1 up');
    assert.equal((await httpGet(app.port, 'localhost', '/version')).body, /Python (3\.11\.\d+)/.exec(using ?? '')?.[1]);
  });

  it('runtime.txt python-3.2.1: the deploy fails naming the version and how to get it', async () => {
    const r = await e.invoke('apps.deploy', { path: fixture('app-python-missing') });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.match(r.error.message, /^runtime\.txt asks for Python 3\.2\.1, which is not installed \(installed: .*\)\. Install it with `pyenv install 3\.2\.1` or `uv python install 3\.2\.1`/);
    }
    assert.deepEqual((await e.call('apps.list', {})).map((a) => a.name).filter((n) => n === 'app-python-missing'), []);
  });
});
