import { DEFAULT_BOOT_TIMEOUT_S, DEFAULT_GRACE_S, DEFAULT_REQUEST_TIMEOUT_S, DEFAULT_ROUTER_PORT } from '../../../shared/defaults.js';
import { defaultDataDir } from '../../engine/data-dir.js';
import { startHost } from '../host.js';
import { intFlag } from './args.js';
import type { CliCommand } from './command.js';

export const serveCommand: CliCommand = {
  name: 'serve',
  usage: 'serve [--router-port N] [--dashboard-port N] [--boot-timeout S] [--request-timeout S] [--grace S] [--lan] [--no-dashboard]',
  summary: 'Run the engine headless: router, dynos, control socket for the CLI, and the browser dashboard',
  details: [
    '--lan  Let other devices on your network reach your apps for this run (the router listens on 0.0.0.0).',
    '       Not saved: the next start follows the saved setting again. While it is in force, `dynodesk lan:disable`',
    '       is refused. To keep LAN access on across restarts, use `dynodesk lan:enable` instead.',
  ].join('\n'),
  flags: {
    values: { '--router-port': 'router-port', '--dashboard-port': 'dashboard-port', '--boot-timeout': 'boot-timeout', '--request-timeout': 'request-timeout', '--grace': 'grace' },
    booleans: { '--lan': 'lan', '--no-dashboard': 'no-dashboard' },
  },
  async run(args, io) {
    const dataDir = defaultDataDir();
    const host = await startHost({
      dataDir,
      routerPort: intFlag(args, 'router-port', DEFAULT_ROUTER_PORT, 0, 65535),
      // LAN access is opt-in (saved by `dynodesk lan:enable`); --lan turns it on for this run only.
      forceLan: args.flags.has('lan'),
      dashboardPort: args.flags.has('no-dashboard') ? null : intFlag(args, 'dashboard-port', 0, 0, 65535),
      bootTimeoutS: intFlag(args, 'boot-timeout', DEFAULT_BOOT_TIMEOUT_S, 1, 3600),
      requestTimeoutS: intFlag(args, 'request-timeout', DEFAULT_REQUEST_TIMEOUT_S, 1, 3600),
      graceS: intFlag(args, 'grace', DEFAULT_GRACE_S, 0, 3600),
      onWarning: (message) => io.err(`Warning: ${message}`),
    });
    io.out(`Dynodesk engine running (data: ${dataDir})`);
    io.out(`Router: http://<app>.localhost:${host.engine.routerPort}`);
    io.out(`Dashboard: ${host.dashboard?.url ?? 'disabled'}`);
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
    await host.close((line) => io.err(line));
    io.err('Stopped.');
    return 0;
  },
};
