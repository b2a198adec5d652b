// Logs, routing stats and config vars in the browser dashboard.
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
  ({ h, appPort } = await startWithNodeApp({ worker: true, open: true }));
  await waitFor('web.1 up', async () => (await h.invoke('ps.list', { app: 'app-node' })).some((d) => d.name === 'web.1' && d.state === 'up'));
});
after(async () => { await h?.close(); });

async function traffic(n: number, path = '/'): Promise<string[]> {
  const bodies: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`http://127.0.0.1:${appPort}${path}`);
    bodies.push(await res.text());
  }
  return bodies;
}

const rows = (h0: Harness) => h0.page.locator('#panel-logs .log-line');

test('logs stream live and filter by dyno, source, search and request id', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { page } = h;
  await page.getByRole('tab', { name: 'Logs' }).click();
  await traffic(3);
  await waitFor('worker and router lines', async () => {
    const text = (await page.locator('#panel-logs .log-lines').textContent()) ?? '';
    return text.includes('tick') && text.includes('request_id=');
  });

  await page.getByLabel('Dyno', { exact: true }).selectOption('worker.1');
  await waitFor('only worker.1 lines', async () => {
    const dynos = await rows(h).locator('.log-dyno').allTextContents();
    return dynos.length > 0 && dynos.every((d) => d.endsWith('[worker.1]'));
  });
  await page.getByRole('button', { name: 'Clear filters' }).click();

  await page.getByLabel('Source', { exact: true }).selectOption('dynodesk');
  await waitFor('only dynodesk lines', async () => {
    const dynos = await rows(h).locator('.log-dyno').allTextContents();
    return dynos.length > 0 && dynos.every((d) => d.startsWith('dynodesk['));
  });
  await page.getByRole('button', { name: 'Clear filters' }).click();

  await page.getByLabel('Search logs', { exact: true }).fill('tick 2');
  await waitFor('search results', async () => {
    const texts = await rows(h).locator('.log-text').allTextContents();
    return texts.length > 0 && texts.every((x) => x.includes('tick 2'));
  });
  await page.getByRole('button', { name: 'Clear filters' }).click();

  // Clicking a router line's request id narrows the view to that request.
  const rid = page.getByRole('button', { name: /^Filter by request / }).first();
  const id = (await rid.textContent()) ?? '';
  assert.ok(id.length > 0);
  await rid.click();
  assert.equal(await page.getByLabel('Search logs', { exact: true }).inputValue(), id);
  await waitFor('only that request', async () => {
    const texts = await rows(h).locator('.log-text').allTextContents();
    return texts.length > 0 && texts.every((x) => x.includes(id));
  });

  // Pause freezes the view while lines keep arriving.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByRole('button', { name: 'Pause' }).click();
  const frozen = await rows(h).count();
  await traffic(2);
  await waitFor('new lines counted while paused', async () => /paused · [1-9]\d* new/.test((await page.locator('.logs-toolbar [role=status]').textContent()) ?? ''));
  assert.equal(await rows(h).count(), frozen);
  await page.getByRole('button', { name: 'Resume' }).click();
});

test('routing stats move after traffic through the router', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { page } = h;
  await page.getByRole('tab', { name: 'Metrics' }).click();
  const total = page.getByTestId('total-requests');
  await total.waitFor();
  const before0 = Number(await total.textContent());
  const bodies = await traffic(40);
  assert.ok(bodies.every((b) => b.startsWith('Hello from app-node on web.')));
  await waitFor('total requests to grow by 40', async () => Number(await total.textContent()) >= before0 + 40);
  assert.ok((await page.locator('#panel-metrics canvas').count()) >= 6, 'six charts drawn');
  assert.equal(await page.getByRole('img', { name: 'Requests per second chart' }).count(), 1);
});

test('a config var edit reaches the dynos (rolling restart)', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { page } = h;
  await page.getByRole('tab', { name: 'Settings' }).click();
  // The shared validation rejects a bad name before anything is sent.
  await page.getByLabel('New config var name', { exact: true }).fill('1BAD');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'invalid config var name' }).waitFor();

  await page.getByLabel('New config var name', { exact: true }).fill('GREETING');
  await page.getByLabel('New config var value', { exact: true }).fill('hello from e2e');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('button', { name: 'Save config vars' }).click();
  await page.getByRole('status').filter({ hasText: /Saved as release v\d+/ }).waitFor();
  assert.equal((await h.invoke('config.get', { app: 'app-node' })).GREETING, 'hello from e2e');
  await waitFor('the dyno to see GREETING', async () => {
    const res = await fetch(`http://127.0.0.1:${appPort}/env/GREETING`);
    return res.status === 200 && (await res.text()) === 'hello from e2e';
  }, 60_000);

  // Editing the value in place works too.
  await page.getByLabel('Value of GREETING', { exact: true }).fill('changed');
  await page.getByRole('button', { name: 'Save config vars' }).click();
  await waitFor('the new value', async () => (await (await fetch(`http://127.0.0.1:${appPort}/env/GREETING`)).text()) === 'changed', 60_000);
});
