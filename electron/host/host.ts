import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Engine, type EngineOptions } from '../engine/engine.js';
import { askOsForPort } from '../engine/dynos/port-allocator.js';
import { startControlServer, type ControlServer } from './control-server.js';
import { startDashboard, type DashboardHandle } from './dashboard/server.js';
import type { UiStatus } from './dashboard/ui-pages.js';

export interface HostOptions extends EngineOptions {
  /** 0 = any free port; null = no dashboard */
  dashboardPort: number | null;
  rendererDir?: string;
  /** See DashboardOptions.uiStatus. */
  uiStatus?: () => UiStatus;
}

export interface Host {
  engine: Engine;
  control: ControlServer;
  dashboard: DashboardHandle | null;
  close(onProgress?: (line: string) => void): Promise<void>;
}

export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
export const DEFAULT_SAMPLE_DIR = fileURLToPath(new URL('../../resources/sample-app', import.meta.url));

/** The headless engine with its two non-Electron doors: the CLI control socket and the browser dashboard. */
export async function startHost(opts: HostOptions): Promise<Host> {
  // Choose the dashboard's port first, so the router is told never to forward to it.
  const dashboardPort = opts.dashboardPort === 0 ? await askOsForPort() : opts.dashboardPort;
  const engine = await Engine.open({
    samplePath: existsSync(DEFAULT_SAMPLE_DIR) ? DEFAULT_SAMPLE_DIR : null,
    ...opts,
    forbiddenPorts: [...(opts.forbiddenPorts ?? []), ...(dashboardPort ? [dashboardPort] : [])],
  });
  let control: ControlServer | null = null;
  let dashboard: DashboardHandle | null = null;
  try {
    control = await startControlServer(engine);
    if (dashboardPort !== null) {
      dashboard = await startDashboard({ engine, port: dashboardPort, rendererDir: opts.rendererDir ?? DEFAULT_RENDERER_DIR, uiStatus: opts.uiStatus });
      // startDashboard tells the engine its URL without the token: engine.info is readable by every client.
    }
  } catch (err) {
    await dashboard?.close();
    await control?.close();
    await engine.close();
    throw err;
  }
  const c = control;
  let closing: Promise<void> | null = null;
  return {
    engine,
    control: c,
    dashboard,
    close(onProgress) {
      closing ??= (async () => {
        await dashboard?.close();
        await c.close();
        await engine.close(onProgress);
      })();
      return closing;
    },
  };
}
