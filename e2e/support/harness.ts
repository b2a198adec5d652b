// One real engine + dashboard + Debian's Chromium per spec file. Everything it starts, close() stops.
import { existsSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Engine } from '../../electron/engine/engine.js';
import type { EngineClient } from '../../electron/engine/engine.js';
import { startDashboard } from '../../electron/host/dashboard/server.js';
import type { DashboardHandle } from '../../electron/host/dashboard/server.js';
import type { CommandArgs, CommandName, CommandResult } from '../../shared/commands.js';
import type { EngineEvent } from '../../shared/events.js';
import { REPO, RENDERER_DIR, ensureRendererBuilt } from './renderer-build.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Why the browser specs cannot run here, or null when they can. */
export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM) ? null : `${CHROMIUM} is not installed (apt-get install chromium); CI installs it`;
}

export interface Harness {
  home: string;
  engine: Engine;
  dash: DashboardHandle;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Events the test-side engine client has seen (for checks, not for the UI). */
  events: EngineEvent[];
  /** Run a command through the engine directly (to check what the UI did). */
  invoke<K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<CommandResult<K>>;
  /** Copy tests/fixtures/<name> into the temp home (deploys may write into the folder) and return its path. */
  fixture(name: string, as?: string): string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  await ensureRendererBuilt();
  const home = mkdtempSync(join(tmpdir(), 'dynodesk-e2e-'));
  const stops: (() => Promise<void> | void)[] = [() => rmSync(home, { recursive: true, force: true })];
  const close = async (): Promise<void> => {
    for (const stop of stops.splice(0).reverse()) {
      try { await stop(); } catch (err) { console.error('e2e cleanup:', err); }
    }
  };
  try {
    // A copy of the bundled sample, as the desktop app makes one: "Try a sample app" deploys it.
    const samplePath = join(home, 'sample-app');
    cpSync(join(REPO, 'resources', 'sample-app'), samplePath, { recursive: true });
    const engine = await Engine.open({ dataDir: join(home, 'data'), routerPort: 0, graceS: 3, samplePath });
    stops.push(() => engine.close());
    const events: EngineEvent[] = [];
    const client: EngineClient = engine.connect((ev) => {
      if (ev.event !== 'terminal.data' && ev.event !== 'logs.lines') { events.push(ev); if (events.length > 5000) events.splice(0, 1000); }
    });
    stops.push(() => client.close());
    const dash = await startDashboard({ engine, port: 0, rendererDir: RENDERER_DIR });
    stops.push(() => dash.close());
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    stops.push(() => browser.close());
    const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 860 }, colorScheme: opts.colorScheme ?? 'light' });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error('page error:', err.message));
    await page.goto(dash.url);
    return {
      home, engine, dash, browser, context, page, events, close,
      async invoke(cmd, args) {
        const r = await client.invoke(cmd, args);
        if (!r.ok) throw new Error(`${cmd} failed: ${r.error.message}`);
        return r.value as CommandResult<typeof cmd>;
      },
      fixture(name, as) {
        const dest = join(home, 'apps', as ?? name);
        cpSync(join(REPO, 'tests', 'fixtures', name), dest, { recursive: true });
        return dest;
      },
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * A harness with the app-node fixture deployed (plus one worker dyno if asked) and its entry shown in
 * the app list, or opened when `open` is set. Returns the app's own port too.
 */
export async function startWithNodeApp(opts: { worker?: boolean; open?: boolean } = {}): Promise<{ h: Harness; appPort: number }> {
  const h = await startHarness();
  const { app } = await h.invoke('apps.deploy', { path: h.fixture('app-node') });
  if (opts.worker) await h.invoke('ps.scale', { app: 'app-node', formation: { worker: 1 } });
  const item = h.page.getByRole('button', { name: /^app-node: / });
  if (opts.open) await item.click();
  else await item.waitFor();
  return { h, appPort: app.port };
}
