// Session affinity end to end: a socket.io chat (default transports: long-polling, then an upgrade to
// WebSocket) deployed through the real engine on 3 web dynos. socket.io keeps each session on the dyno
// that opened it, so the chat only works if every request of one browser reaches that dyno: the
// feature, turned on from the app's Settings tab, is what makes it work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { chromiumMissing, startHarness } from './support/harness.js';
import type { Harness } from './support/harness.js';
import { waitFor } from './support/wait.js';

const missing = chromiumMissing();
const APP = 'socketio-chat';
let h: Harness;
let appUrl: string;

before(async () => {
  if (missing) return;
  h = await startHarness();
  // socket.io comes from the npm registry at deploy.
  const { app } = await h.invoke('apps.deploy', { path: h.fixture(APP) });
  appUrl = `http://127.0.0.1:${app.port}/`;
  await h.invoke('ps.scale', { app: APP, formation: { web: 3 } });
  await waitFor('3 web dynos up', async () => (await h.invoke('ps.list', { app: APP })).filter((d) => d.type === 'web' && d.state === 'up').length === 3, 60_000);
});
after(async () => { await h?.close(); });

/** The chat page in a browser context of its own (its own cookies). */
async function openChat(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await h.browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('chat page error:', err.message));
  await page.goto(appUrl);
  return { context, page };
}

test('turned on in Settings, affinity lets the socket.io chat connect, upgrade to WebSocket and round-trip through 3 web dynos', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { page } = h;
  await page.getByRole('button', { name: new RegExp(`^${APP}: `) }).click();
  await page.getByRole('tab', { name: 'Settings' }).click();
  const toggle = page.getByRole('checkbox', { name: /Session affinity/ });
  assert.equal(await toggle.isChecked(), false, 'off by default');
  const pids = (await h.invoke('ps.list', { app: APP })).filter((d) => d.type === 'web').map((d) => d.pid).sort();
  // A controlled checkbox: it shows the engine's state, which changes once features.set is answered,
  // so click and wait rather than check() (which wants the state changed by the click itself).
  await toggle.click();
  await waitFor('the feature on', async () => (await h.invoke('features.list', { app: APP })).find((f) => f.name === 'http-session-affinity')?.enabled);
  await waitFor('the box ticked', async () => toggle.isChecked());

  const { context, page: chat } = await openChat();
  try {
    await chat.locator('#status', { hasText: 'connected' }).waitFor({ timeout: 30_000 });
    await chat.locator('#transport', { hasText: 'websocket' }).waitFor({ timeout: 30_000 });
    const dyno = (await chat.locator('#dyno').textContent()) ?? '';
    assert.match(dyno, /^web\.[123]$/);
    await chat.getByLabel('Message').fill('hello through the router');
    await chat.getByRole('button', { name: 'Send' }).click();
    await chat.locator('#messages li', { hasText: `hello through the router (from ${dyno})` }).waitFor({ timeout: 15_000 });
    assert.equal(await chat.locator('#errors').textContent(), '0', 'no connection errors');
    // The router's cookie: HttpOnly, not Secure (this is plain HTTP, where a browser would drop a Secure one).
    const cookie = (await context.cookies()).find((c) => c.name === 'dynodesk-session-affinity');
    assert.ok(cookie, 'the router cookie is set');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.secure, false);
    assert.equal(cookie.sameSite, 'Lax');
  } finally {
    await context.close();
  }
  // Turning it on restarted nothing.
  assert.deepEqual((await h.invoke('ps.list', { app: APP })).filter((d) => d.type === 'web').map((d) => d.pid).sort(), pids);
});

test('turned off again, the router sets no cookie and balances each request', async (t) => {
  if (missing) { t.skip(missing); return; }
  await h.invoke('features.set', { app: APP, feature: 'http-session-affinity', enabled: false });
  await h.page.getByRole('checkbox', { name: /Session affinity/ }).and(h.page.locator(':not(:checked)')).waitFor();
  const dynos = new Set<string>();
  for (let i = 0; i < 6; i++) {
    const res = await fetch(`${appUrl}dyno`);
    assert.equal(res.headers.get('set-cookie'), null);
    dynos.add(await res.text());
  }
  assert.equal(dynos.size, 3, 'round-robin over the 3 dynos');
});

test('without affinity socket.io keeps failing across 3 dynos: each dyno knows only its own sessions', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { context, page: chat } = await openChat();
  try {
    // Round-robin spreads the requests that follow each handshake (the connect packet, the polls, the
    // WebSocket probe) over the dynos, and the two that do not know the session answer 400. A session
    // may live for a moment when its requests happen to come round to its dyno, so only the repeated
    // errors are asserted (with affinity on, above, there are none).
    await waitFor('repeated connection errors', async () => Number(await chat.locator('#errors').textContent()) >= 2, 30_000);
  } finally {
    await context.close();
  }
});
