// `dynodesk serve` from a fresh clone (no dist/renderer): the Dashboard URL answers at once with a
// page that says the UI is being built, and then, after a real vite build, with the UI itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { httpGet } from '../helpers/engine.js';
import { startServe } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait.js';

test('serve builds a missing dashboard UI in the background and serves a building page meanwhile', async (t) => {
  const home = tempDir('ddu');
  const ui = tempDir('ddu-ui');
  t.after(() => { home.remove(); ui.remove(); });
  const rendererDir = join(ui.path, 'dist', 'renderer');
  const serve = startServe(home.path, ['--dashboard-port', '0'], { DYNODESK_RENDERER_DIR: rendererDir, DYNODESK_NO_UI_BUILD: '0' });
  t.after(() => { if (serve.child.exitCode === null) serve.child.kill('SIGKILL'); });

  await serve.routerPort;
  const out = serve.output();
  assert.match(out, /Router: http:\/\/<app>\.localhost:\d+/);
  assert.match(out, /Building the dashboard UI in the background \(output: .*dashboard-ui-build\.log\)/);
  const port = Number(/Dashboard: http:\/\/127\.0\.0\.1:(\d+)\/#token=/.exec(out)?.[1]);
  const host = `127.0.0.1:${port}`;

  const building = await httpGet(port, host, '/');
  assert.equal(building.status, 503);
  assert.match(building.body, /Building the dashboard/);
  assert.match(building.body, /reloads itself/);
  // The page's own poll: one nonce'd inline script, fetches to this origin only.
  const csp = String(building.headers['content-security-policy']);
  const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
  assert.ok(nonce && building.body.includes(`<script nonce="${nonce}">`), csp);
  assert.match(csp, /connect-src 'self'/);

  await waitFor('"Dashboard UI built."', () => serve.output().includes('Dashboard UI built.'), 180_000, 200);
  const page = await httpGet(port, host, '/');
  assert.equal(page.status, 200, page.body);
  assert.match(page.body, /<div id="root"><\/div>/);
  // vite's output, not the source page: the entry is a built asset, and the server has it.
  assert.doesNotMatch(page.body, /main\.tsx/);
  const entry = /<script type="module"[^>]* src="\.?(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
  assert.ok(entry, page.body);
  const script = await httpGet(port, host, entry);
  assert.equal(script.status, 200);
  assert.match(String(script.headers['content-type']), /javascript/);
  assert.match(String(page.headers['content-security-policy']), /script-src 'self'(;|$)/);
  assert.ok(existsSync(join(rendererDir, 'index.html')));
  assert.deepEqual(readdirSync(dirname(rendererDir)).sort(), ['renderer'], 'no staging folder or lock left behind');

  assert.equal(await serve.stop(), 0);
});
