import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_BOOT_TIMEOUT_S, DEFAULT_GRACE_S, DEFAULT_IDLE_TIMEOUT_S, DEFAULT_MAX_CONNECTIONS, DEFAULT_REQUEST_TIMEOUT_S, DEFAULT_ROUTER_PORT,
} from '../../../shared/defaults.js';
import { defaultDataDir } from '../../engine/data-dir.js';
import type { Host } from '../host.js';
import { planUiBuild } from '../dashboard/ui-build.js';
import { intFlag } from './args.js';
import type { CliCommand } from './command.js';

/**
 * The folder laid out like the repository that this file belongs to: the checkout, or the copy that
 * "Install Command Line Tool" makes. Bundles keep this (scripts/meta-url-plugin.mjs).
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The engine, loaded only when serve runs: every other command is a small client of the control
 * socket and should start about as fast as `node` itself, so the bundle keeps the engine in a
 * chunk of its own. Its native pty module is the one part a broken install may lack.
 */
async function loadHost(): Promise<typeof import('../host.js')> {
  try {
    return await import('../host.js');
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (!message.includes('node-pty')) throw err;
    throw new Error(`serve needs node-pty, a native module, and could not load it (${message}). From a checkout, run \`npm install\`; for the command installed by the desktop app, install it again from the app's menu.`, { cause: err });
  }
}

export const serveCommand: CliCommand = {
  name: 'serve',
  usage: 'serve [--router-port N] [--tls-port N] [--dashboard-port N] [--boot-timeout S] [--request-timeout S] [--idle-timeout S] [--max-connections N] [--grace S] [--lan] [--no-dashboard]',
  summary: 'Run the engine headless: router, dynos, control socket for the CLI, and the browser dashboard',
  details: [
    '--request-timeout S  Initial-response window: from the whole request sent to the dyno to its first response byte (H12).',
    '--idle-timeout S  Once a response has started, and on WebSockets: the longest gap without bytes (H15). Default 55.',
    '--max-connections N  Client connections held at once (default 10,000); at the cap the idlest keep-alive ones close.',
    '--tls-port N  HTTPS port (default 7443; 0 = any free port). If the default port is taken, HTTPS stays off with a warning.',
    '--lan  Let other devices on your network reach your apps for this run (the router listens on 0.0.0.0).',
    '       Not saved: the next start follows the saved setting again. While it is in force, `dynodesk lan:disable`',
    '       is refused. To keep LAN access on across restarts, use `dynodesk lan:enable` instead.',
  ].join('\n'),
  flags: {
    values: { '--router-port': 'router-port', '--tls-port': 'tls-port', '--dashboard-port': 'dashboard-port', '--boot-timeout': 'boot-timeout', '--request-timeout': 'request-timeout', '--idle-timeout': 'idle-timeout', '--max-connections': 'max-connections', '--grace': 'grace' },
    booleans: { '--lan': 'lan', '--no-dashboard': 'no-dashboard' },
  },
  async run(args, io) {
    const dataDir = defaultDataDir();
    const dashboardPort = args.flags.has('no-dashboard') ? null : intFlag(args, 'dashboard-port', 0, 0, 65535);
    const options = {
      dataDir,
      routerPort: intFlag(args, 'router-port', DEFAULT_ROUTER_PORT, 0, 65535),
      // Without --tls-port the engine picks (7443, or any free port with --router-port 0) and only warns if it is taken.
      ...(args.flags.has('tls-port') ? { tlsPort: intFlag(args, 'tls-port', 0, 0, 65535) } : {}),
      // LAN access is opt-in (saved by `dynodesk lan:enable`); --lan turns it on for this run only.
      forceLan: args.flags.has('lan'),
      dashboardPort,
      bootTimeoutS: intFlag(args, 'boot-timeout', DEFAULT_BOOT_TIMEOUT_S, 1, 3600),
      requestTimeoutS: intFlag(args, 'request-timeout', DEFAULT_REQUEST_TIMEOUT_S, 1, 3600),
      idleTimeoutS: intFlag(args, 'idle-timeout', DEFAULT_IDLE_TIMEOUT_S, 1, 3600),
      maxConnections: intFlag(args, 'max-connections', DEFAULT_MAX_CONNECTIONS, 1, 1_000_000),
      graceS: intFlag(args, 'grace', DEFAULT_GRACE_S, 0, 3600),
      onWarning: (message: string) => io.err(`Warning: ${message}`),
    };
    // DYNODESK_RENDERER_DIR points the dashboard at another built UI (tests build into a temp folder).
    const rendererDir = process.env.DYNODESK_RENDERER_DIR || join(ROOT, 'dist', 'renderer');
    // Decided before the engine starts (a few stats), started once serve has printed its URLs.
    const ui = dashboardPort === null ? null : planUiBuild({
      root: ROOT, rendererDir, logFile: join(dataDir, 'dashboard-ui-build.log'), onLine: (line) => io.out(line),
      // Test runs start many short-lived serves: one background build each would only compete for the CPU.
      allowBuild: process.env.DYNODESK_NO_UI_BUILD !== '1',
    });
    const { startHost } = await loadHost();
    let host: Host;
    try {
      host = await startHost({
        ...options,
        rendererDir,
        ...(ui ? { uiStatus: () => ui.status() } : {}),
        // Bundled (dist-cli/), the router worker is the prebuilt file beside the CLI; from the
        // TypeScript sources the engine starts worker.ts through tsx itself.
        ...(process.env.DYNODESK_BUNDLED ? { routerWorkerPath: join(ROOT, 'dist-cli', 'router-worker.mjs') } : {}),
      });
    } catch (err) {
      await ui?.stop();
      throw err;
    }
    io.out(`Dynodesk engine running (data: ${dataDir})`);
    io.out(`Router: http://<app>.localhost:${host.engine.routerPort}`);
    if (host.engine.tlsPort !== null) io.out(`HTTPS: https://<app>.localhost:${host.engine.tlsPort} (trust its certificates once: dynodesk certs:trust)`);
    io.out(`Dashboard: ${host.dashboard?.url ?? 'disabled'}`);
    ui?.start();
    const info = host.engine.info();
    if (info.lanAccess) {
      const how = info.lanForced ? 'on for this run (--lan)' : 'on (turn off with `dynodesk lan:disable`)';
      io.out(`LAN access: ${how}; other devices use http://${info.lanAddresses[0] ?? '<this machine>'}:<app port>`);
    }
    io.out('Press Ctrl-C to stop every dyno and exit.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    io.err('Stopping all dynos...');
    await ui?.stop();
    await host.close((line) => io.err(line));
    io.err('Stopped.');
    return 0;
  },
};
