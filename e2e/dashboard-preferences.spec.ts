// Preferences in the browser dashboard: the LAN access toggle rebinds the router, shows the addresses
// other devices use, follows changes made elsewhere (the CLI), and turns back off. Loopback only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumMissing, startWithNodeApp } from './support/harness.js';
import type { Harness } from './support/harness.js';
import { waitFor } from './support/wait.js';

const missing = chromiumMissing();
let h: Harness;
let appPort = 0;

before(async () => {
  if (missing) return;
  ({ h, appPort } = await startWithNodeApp());
});
after(async () => { await h?.close(); });

test('open Preferences, turn LAN access on, see the addresses, turn it off again', async (t) => {
  if (missing) { t.skip(missing); return; }
  const page = h.page;
  await page.getByRole('button', { name: 'Preferences' }).click();
  await page.getByRole('heading', { name: 'Preferences' }).waitFor();
  const toggle = page.getByRole('checkbox', { name: 'Allow access from other devices on your network (LAN)' });
  assert.equal(await toggle.isChecked(), false);
  assert.equal(await toggle.isDisabled(), false);
  await page.getByText('anyone on your network can reach your apps').waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Addresses for other devices' }).count(), 0, 'no addresses while off');

  await toggle.click();
  await page.getByRole('heading', { name: 'Addresses for other devices' }).waitFor();
  assert.equal(await toggle.isChecked(), true);
  const info = await h.invoke('engine.info', {});
  assert.equal(info.lanAccess, true, 'the engine has it on');
  assert.equal((await h.engine.routerListening()).host, '0.0.0.0', 'the router listens on every interface');
  if (info.lanAddresses.length > 0) {
    const table = page.getByRole('table', { name: 'LAN addresses' });
    const row = table.getByRole('row', { name: /app-node/ });
    for (const ip of info.lanAddresses) await row.getByText(`http://${ip}:${appPort}`).waitFor();
  } else {
    await page.getByText('no network address besides loopback').waitFor();
  }
  await page.getByText('LAN on', { exact: true }).waitFor();

  await toggle.click();
  await waitFor('addresses hidden', async () => (await page.getByRole('heading', { name: 'Addresses for other devices' }).count()) === 0);
  assert.equal(await toggle.isChecked(), false);
  assert.equal((await h.invoke('engine.info', {})).lanAccess, false);
  assert.equal((await h.engine.routerListening()).host, '127.0.0.1');
  await page.getByText('Apps answer on this machine only (127.0.0.1).').waitFor();
});

test('a change made elsewhere (another window, the CLI) shows up without a reload', async (t) => {
  if (missing) { t.skip(missing); return; }
  const page = h.page;
  const toggle = page.getByRole('checkbox', { name: 'Allow access from other devices on your network (LAN)' });
  if (await toggle.count() === 0) await page.getByRole('button', { name: 'Preferences' }).click();
  assert.equal(await toggle.isChecked(), false);
  await h.invoke('engine.lan', { enabled: true });
  await waitFor('toggle follows the engine', async () => toggle.isChecked());
  await h.invoke('engine.lan', { enabled: false });
  await waitFor('toggle back off', async () => !(await toggle.isChecked()));
  // Done returns to the apps.
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('heading', { name: 'Apps', exact: true }).first().waitFor();
});

test("the desktop menu's Preferences… (Cmd/Ctrl+,) opens the same view", async (t) => {
  if (missing) { t.skip(missing); return; }
  const page = h.page;
  // The part of Electron's preload this needs: a host whose onMenuView the menu item calls. (A string:
  // functions compiled by tsx carry helper calls that do not exist in the page.)
  await page.addInitScript(`window.dynodeskHost = {
    pathForFile: () => '',
    openExternal: async () => false,
    onMenuView: (listener) => { window.menuView = listener; return () => { window.menuView = undefined; }; },
  };`);
  await page.reload();
  await page.getByRole('button', { name: /^app-node: / }).click();
  assert.equal(await page.getByRole('heading', { name: 'Preferences' }).count(), 0);
  await waitFor('the app subscribed to the menu', async () => page.evaluate('typeof window.menuView === "function"'));
  await page.evaluate('window.menuView("preferences")');
  await page.getByRole('heading', { name: 'Preferences' }).waitFor();
  await page.getByRole('checkbox', { name: 'Allow access from other devices on your network (LAN)' }).waitFor();
});
