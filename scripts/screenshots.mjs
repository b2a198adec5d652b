// Regenerates docs/screenshot-*.png: the dashboard in Debian's Chromium against a real engine with
// fixture apps (app list, app view with sliders and chips, a terminal, logs, metrics, settings,
// preferences, and dark mode).
// Usage: node scripts/screenshots.mjs
import { register } from 'tsx/esm/api';
import { mkdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

register();
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { startHarness, chromiumMissing } = await import('../e2e/support/harness.ts');
const { waitFor } = await import('../e2e/support/wait.ts');

const missing = chromiumMissing();
if (missing) {
  console.error(`screenshots: ${missing}`);
  process.exit(1);
}
const docs = join(root, 'docs');
mkdirSync(docs, { recursive: true });

const h = await startHarness({ viewport: { width: 1360, height: 860 }, colorScheme: 'light' });
let stopTraffic = false;
try {
  const shot = async (name) => {
    await h.page.waitForTimeout(300); // let the last frame settle (animations, chart redraw)
    await h.page.screenshot({ path: join(docs, `screenshot-${name}.png`) });
    console.log(`docs/screenshot-${name}.png`);
  };

  const { app } = await h.invoke('apps.deploy', { path: h.fixture('app-node', 'shop-api') });
  // Config first: setting it restarts the running dynos, and the chips would all show a restart.
  await h.invoke('config.set', { app: app.name, vars: { GREETING: 'hello', LOG_LEVEL: 'info' } });
  await h.invoke('ps.scale', { app: app.name, formation: { web: 3, worker: 1 } });
  await h.invoke('apps.deploy', { path: h.fixture('app-node', 'billing-worker') });
  await h.invoke('ps.scale', { app: 'billing-worker', formation: { web: 1, worker: 2 } });
  await h.invoke('apps.deploy', { path: h.fixture('app-static', 'docs-site') });
  await waitFor('shop-api dynos up', async () => (await h.invoke('ps.list', { app: app.name })).filter((d) => d.state === 'up').length >= 4, 60_000);

  // Steady traffic through the router so the logs and charts have something to show.
  const traffic = (async () => {
    let i = 0;
    while (!stopTraffic) {
      const path = i % 17 === 0 ? '/missing' : i % 5 === 0 ? '/env/GREETING' : '/';
      await fetch(`http://127.0.0.1:${app.port}${path}`).then((r) => r.text()).catch(() => '');
      i++;
      await new Promise((r) => setTimeout(r, 15));
    }
  })();

  await h.page.getByRole('button', { name: /^shop-api: / }).waitFor();
  await shot('app-list');

  await h.page.getByRole('button', { name: /^shop-api: / }).click();
  await waitFor('chips', async () => (await h.page.locator('.chip-up').count()) >= 4);
  // CPU needs two samples of each dyno before it has a figure.
  await waitFor('CPU figures', async () => (await h.invoke('ps.list', { app: app.name })).every((d) => d.cpuPercent !== null), 30_000);
  await h.page.waitForTimeout(1200);
  await shot('app-view');

  await h.page.getByRole('button', { name: /Open terminal for worker\.1/ }).click();
  await waitFor('worker output', async () => ((await h.page.locator('[id="panel-term-worker.1"] .xterm-accessibility-tree').textContent()) ?? '').includes('tick 3'), 20_000);
  await shot('terminal');

  await h.page.getByRole('tab', { name: 'Logs' }).click();
  await waitFor('router lines', async () => ((await h.page.locator('#panel-logs .log-lines').textContent()) ?? '').includes('request_id='));
  await h.page.waitForTimeout(1000);
  await shot('logs');

  await h.page.getByRole('tab', { name: 'Metrics' }).click();
  await h.page.waitForTimeout(12_000); // a dozen 1 s samples
  await shot('metrics');

  await h.page.getByRole('tab', { name: 'Settings' }).click();
  await h.page.getByLabel('Value of GREETING', { exact: true }).waitFor();
  await shot('settings');

  await h.page.getByRole('button', { name: 'Preferences' }).click();
  await h.page.getByText('Allow access from other devices on your network (LAN)').waitFor();
  await shot('preferences');
  await h.page.getByRole('button', { name: /^shop-api: / }).click();

  await h.page.emulateMedia({ colorScheme: 'dark' });
  await h.page.getByRole('tab', { name: 'Dynos' }).click();
  await shot('dark');

  stopTraffic = true;
  await traffic;
} finally {
  stopTraffic = true;
  await h.close();
}
