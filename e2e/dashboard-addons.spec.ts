// The Add-ons tab in the browser dashboard: one click adds Postgres, its card shows the state, the
// variable and the URL with the password masked until revealed; Console opens psql in a one-off
// dyno's terminal; the config var editor masks DATABASE_URL too; Destroy waits for the app's name.
// The tests share one Postgres add-on and run in order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, readdirSync } from 'node:fs';
import { chromiumMissing, startHarness } from './support/harness.js';
import type { Harness } from './support/harness.js';
import { waitFor } from './support/wait.js';

const missing = chromiumMissing();
let h: Harness;
let url = '';
let password = '';

before(async () => {
  if (missing) return;
  h = await startHarness();
  // As root, Postgres runs as its own user, which must pass through the harness's private temp home.
  chmodSync(h.home, 0o711);
  await h.invoke('apps.deploy', { path: h.fixture('app-node'), name: 'shop' });
  await h.page.getByRole('button', { name: /^shop: / }).click();
});
after(async () => { await h?.close(); });

const postgresCard = () => h.page.getByRole('region', { name: /^postgresql-[a-z]+-\d+$/ });

test('Add Postgres, see it available with a masked URL, reveal it', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { page } = h;
  await page.getByRole('tab', { name: 'Add-ons' }).click();
  await page.getByRole('button', { name: 'Add Postgres' }).click();
  const card = postgresCard();
  await card.getByText('available').waitFor({ timeout: 60_000 });
  url = (await h.invoke('config.get', { app: 'shop' })).DATABASE_URL ?? '';
  password = new URL(url).password;
  assert.ok(password.length >= 20);
  assert.match(await card.textContent() ?? '', /DATABASE_URL/);
  assert.ok(!(await page.content()).includes(password), 'the password is not on the page until revealed');
  await card.getByRole('button', { name: 'Reveal' }).click();
  await card.getByText(url).waitFor();
  await card.getByRole('button', { name: 'Hide' }).click();
});

test('Console on the add-on opens psql in a one-off dyno; its command line and the log name the variable, not the password', async (t) => {
  if (missing || !password) { t.skip(missing ?? 'no add-on'); return; }
  const { page } = h;
  const card = postgresCard();
  const name = (await card.getAttribute('aria-label')) ?? '';
  const { database } = await h.invoke('addons.info', { name });
  await card.getByRole('button', { name: 'Console', exact: true }).click();
  const tab = page.getByRole('tab', { name: /^Terminal run\.\d+$/ });
  await tab.waitFor();
  assert.equal(await tab.getAttribute('aria-selected'), 'true');
  const dyno = ((await tab.textContent()) ?? '').replace('Terminal ', '');
  const panel = page.locator(`[id="panel-term-${dyno}"]`);
  const screen = async (): Promise<string> => (await panel.locator('.xterm-accessibility-tree').textContent()) ?? '';
  await waitFor('the psql prompt', async () => new RegExp(`${database ?? ''}=[>#]`).test(await screen()), 30_000);
  await panel.locator('.xterm').click();
  // 42 only appears if the server ran the query: the echoed input reads 40+2.
  await page.keyboard.type('select 40+2;');
  await page.keyboard.press('Enter');
  await waitFor('the query result', async () => /\b42\s*\(1 row\)/.test(await screen()), 30_000);

  const one = (await h.invoke('ps.list', { app: 'shop' })).find((d) => d.name === dyno);
  assert.ok(one?.oneOff, `${dyno} is a one-off dyno`);
  assert.match(one.command, /\$DATABASE_URL/);
  assert.ok(!one.command.includes(password), 'ps shows the variable, not the password');
  const log = (await h.invoke('logs.get', { app: 'shop', lines: 10_000 })).concat(await h.invoke('logs.get', { app: 'shop', lines: 10_000, source: 'dynodesk' }));
  assert.ok(log.some((l) => l.dyno === dyno && l.text.includes('$DATABASE_URL')), 'the start line names the variable');
  assert.ok(!log.some((l) => l.text.includes(password)), 'the password is in no log line');
  // Nor in psql's arguments, which any user of the machine can read: it gets the password in its environment.
  assert.deepEqual(processesWithInCommandLine(password), [], 'no process has the password on its command line');

  await page.keyboard.type('\\q');
  await page.keyboard.press('Enter');
  await waitFor('psql to exit', async () => /exited with code 0/.test(await screen()), 30_000);
  await page.getByRole('button', { name: `Close terminal ${dyno}` }).click();
  await waitFor('the tab to close', async () => (await tab.count()) === 0);
});

test('the config var editor masks DATABASE_URL\'s password until Reveal', async (t) => {
  if (missing || !password) { t.skip(missing ?? 'no add-on'); return; }
  const { page } = h;
  await page.getByRole('tab', { name: 'Settings' }).click();
  // Masked it is a <code>, revealed an <input>: both carry this label.
  const value = page.locator('[aria-label="Value of DATABASE_URL"]');
  await value.waitFor();
  assert.equal(await value.textContent(), url.replace(password, '********'));
  assert.ok(!(await page.content()).includes(password), 'the password is not on the page until revealed');
  await page.getByRole('button', { name: 'Reveal DATABASE_URL' }).click();
  const input = page.getByRole('textbox', { name: 'Value of DATABASE_URL', exact: true });
  await waitFor('the revealed value, editable', async () => (await input.count()) === 1 && (await input.inputValue()) === url);
  await page.getByRole('button', { name: 'Hide DATABASE_URL' }).click();
  await waitFor('the value masked again', async () => !(await page.content()).includes(password));
  await page.getByRole('tab', { name: 'Add-ons' }).click();
});

test('Destroy the add-on after typing the app name', async (t) => {
  if (missing || !password) { t.skip(missing ?? 'no add-on'); return; }
  const { page } = h;
  const card = postgresCard();
  await card.getByText('Destroy…').click();
  const destroy = card.getByRole('button', { name: /^Destroy postgresql-/ });
  assert.equal(await destroy.isDisabled(), true);
  await card.getByLabel(/^Type shop to destroy/).fill('shop');
  await destroy.click();
  await page.getByText('No add-ons yet.').waitFor();
  assert.deepEqual(await h.invoke('addons.list', { app: 'shop' }), []);
});

/** Pids whose command line contains `text` (Linux; elsewhere none are found). */
function processesWithInCommandLine(text: string): number[] {
  if (process.platform !== 'linux') return [];
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).flatMap((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(text) ? [Number(pid)] : [];
    } catch { return []; }
  });
}
