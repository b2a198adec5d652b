// Dynos in the browser dashboard: scaling with the slider, a dyno's live terminal, a one-off console.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumMissing, startWithNodeApp } from './support/harness.js';
import type { Harness } from './support/harness.js';
import { waitFor } from './support/wait.js';
import { measureClickFeedback } from './support/feedback.js';

const missing = chromiumMissing();
let h: Harness;

before(async () => {
  if (missing) return;
  ({ h } = await startWithNodeApp({ worker: true, open: true }));
  await h.page.getByRole('slider', { name: 'web dynos' }).waitFor();
});
after(async () => { await h?.close(); });

async function webDynos(): Promise<string[]> {
  const list = await h.invoke('ps.list', { app: 'app-node' });
  return list.filter((d) => d.type === 'web' && d.state !== 'down').map((d) => d.name).sort();
}

test('the web slider scales live (keyboard), checked against ps.list', async (t) => {
  if (missing) { t.skip(missing); return; }
  const slider = h.page.getByRole('slider', { name: 'web dynos' });
  assert.equal(await slider.inputValue(), '1');
  await slider.focus();
  await h.page.keyboard.press('ArrowRight');
  await h.page.keyboard.press('ArrowRight');
  assert.equal(await slider.inputValue(), '3', 'the slider moves at once');
  await waitFor('3 web dynos', async () => ((await webDynos()).length === 3 ? true : null));
  assert.deepEqual(await webDynos(), ['web.1', 'web.2', 'web.3']);
  await h.page.getByRole('button', { name: /Open terminal for web\.3/ }).waitFor();
  await h.page.keyboard.press('ArrowLeft');
  await waitFor('2 web dynos', async () => ((await webDynos()).length === 2 ? true : null));
  assert.deepEqual(await webDynos(), ['web.1', 'web.2']);
  const formation = (await h.invoke('apps.info', { app: 'app-node' })).formation;
  assert.equal(formation.web, 2);
  await waitFor('web.3 chip gone', async () => (await h.page.getByRole('button', { name: /Open terminal for web\.3/ }).count()) === 0);
});

test('a dyno chip opens its live terminal with earlier output', async (t) => {
  if (missing) { t.skip(missing); return; }
  // The worker has been printing since the deploy: its first line is scrollback by now.
  await h.page.getByRole('button', { name: /Open terminal for worker\.1/ }).click();
  const panel = h.page.locator('[id="panel-term-worker.1"]');
  await waitFor('worker output in the terminal', async () => ((await panel.locator('.xterm-accessibility-tree').textContent()) ?? '').includes('app-node worker worker.1 tick 0'));
  // …and it keeps streaming.
  const tick = async (): Promise<number> => {
    const text = (await panel.locator('.xterm-accessibility-tree').textContent()) ?? '';
    return Math.max(-1, ...[...text.matchAll(/tick (\d+)/g)].map((m) => Number(m[1])));
  };
  const first = await tick();
  await waitFor('a newer tick', async () => (await tick()) > first);
});

test('Console starts a one-off dyno whose terminal echoes input', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { page } = h;
  await page.getByRole('button', { name: 'Console', exact: true }).click();
  const tab = page.getByRole('tab', { name: /^Terminal run\.\d+$/ });
  await tab.waitFor();
  const dyno = ((await tab.textContent()) ?? '').replace('Terminal ', '');
  const panel = page.locator(`[id="panel-term-${dyno}"]`);
  const screen = async (): Promise<string> => (await panel.locator('.xterm-accessibility-tree').textContent()) ?? '';
  await waitFor('the terminal to be ready', async () => (await panel.locator('.xterm').count()) > 0);
  await panel.locator('.xterm').click();
  // The arithmetic only becomes 42 if a shell ran the line: the echo of the typed text alone would not match.
  await page.keyboard.type('echo "dyno=$DYNO answer=$((6*7))"');
  await page.keyboard.press('Enter');
  await waitFor('the shell output', async () => (await screen()).includes(`dyno=${dyno} answer=42`), 30_000);
  const list = await h.invoke('ps.list', { app: 'app-node' });
  assert.ok(list.some((d) => d.name === dyno && d.oneOff), `${dyno} is a one-off dyno`);
  await page.keyboard.type('exit');
  await page.keyboard.press('Enter');
  await waitFor('the exit notice', async () => /exited with code 0|was stopped/.test(await screen()));
});

test('click feedback timing (printed for the bench, not asserted)', async (t) => {
  if (missing) { t.skip(missing); return; }
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(await measureClickFeedback(h.page, h.page.getByRole('tab', { name: 'Logs' }), '#panel-logs'));
    samples.push(await measureClickFeedback(h.page, h.page.getByRole('tab', { name: 'Dynos' }), '#panel-dynos'));
  }
  samples.sort((a, b) => a - b);
  console.log(`click feedback (tab switch), ms: median ${samples[Math.floor(samples.length / 2)]!.toFixed(1)}, max ${samples[samples.length - 1]!.toFixed(1)}`);
  assert.ok(samples.every((s) => s >= 0));
});

test('a crashing dyno raises a crash card with its exit code and last lines', async (t) => {
  if (missing) { t.skip(missing); return; }
  const { page } = h;
  await h.invoke('apps.deploy', { path: h.fixture('dyno-crash', 'crashy') }).catch(() => undefined); // its web dyno never comes up
  await page.getByRole('button', { name: /^crashy: / }).click();
  const card = page.getByRole('alert', { name: 'web.1 crashed' }).first();
  await card.waitFor({ timeout: 30_000 });
  const text = (await card.textContent()) ?? '';
  assert.match(text, /exit code 3/);
  assert.match(text, /web\.1 about to crash/);
  await card.getByRole('button', { name: 'Dismiss crash of web.1' }).click();
  await h.invoke('apps.destroy', { app: 'crashy' });
  await page.getByRole('button', { name: /^app-node: / }).click();
});
