import type { LogLine, LogSource } from '../../../shared/types.js';
import { formatLogLine, logFilter } from '../../engine/logs/format.js';
import { APP_FLAGS, JSON_FLAG, intFlag } from './args.js';
import type { CliCommand } from './command.js';
import { printJson, resolveApp, withEngine } from './context.js';
import { CliError } from '../control-client.js';

export const logsCommand: CliCommand = {
  name: 'logs',
  usage: 'logs [-a APP] [-n N] [--tail] [--dyno DYNO|TYPE] [--source app|dynodesk]',
  summary: "Show the app's log stream (dyno output, lifecycle, router); --tail follows it",
  details: '--dyno web.1 (one dyno), web (every web dyno), router, api or build. --source app: only what your processes printed; --source dynodesk: only Dynodesk\'s lines (lifecycle, router, api). They combine.',
  flags: {
    values: { ...APP_FLAGS, '-n': 'num', '--num': 'num', '-d': 'dyno', '--dyno': 'dyno', '-s': 'source', '--source': 'source' },
    booleans: { '-t': 'tail', '--tail': 'tail' },
  },
  run: (args, io) => withEngine(async (client) => {
    const source = sourceFlag(args.flags.get('source'));
    const app = await resolveApp(client, args);
    const lines = intFlag(args, 'num', 100, 1, 100_000);
    const dyno = args.flags.get('dyno');
    const tail = args.flags.has('tail');
    const matches = logFilter({ ...(dyno ? { dyno } : {}), ...(source ? { source } : {}) });
    // Subscribe before reading the backlog so nothing falls between the two.
    const live: LogLine[] = [];
    let backlogDone = false;
    // The backlog may hold lines not sent live yet (the engine holds them back briefly to keep the
    // stream in time order): a live line no newer than the backlog's last one was printed already.
    let lastTime = '';
    if (tail) {
      client.subscribe(['logs.lines']);
      client.onEvent((ev) => {
        if (ev.event !== 'logs.lines' || ev.payload.app !== app) return;
        for (const line of ev.payload.lines) {
          if (matches && !matches(line)) continue;
          if (!backlogDone) live.push(line);
          else if (line.time > lastTime) io.out(formatLogLine(line));
        }
      });
    }
    const backlog = await client.call('logs.get', { app, lines, ...(dyno ? { dyno } : {}), ...(source ? { source } : {}) });
    for (const line of backlog) io.out(formatLogLine(line));
    if (!tail) return 0;
    lastTime = backlog.at(-1)?.time ?? '';
    for (const line of live) if (line.time > lastTime) io.out(formatLogLine(line));
    backlogDone = true;
    await new Promise<void>((resolve) => {
      const stop = (): void => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      void client.closed.then(stop);
    });
    return 0;
  }),
};

export const statsCommand: CliCommand = {
  name: 'stats',
  usage: 'stats [-a APP] [--json]',
  summary: 'Routing stats: requests, req/s, latency percentiles, status mix, per dyno',
  flags: { values: APP_FLAGS, booleans: JSON_FLAG },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    const s = await client.call('stats.get', { app });
    if (args.flags.has('json')) { printJson(io, s); return 0; }
    io.out([
      `=== ${app} router stats`,
      `Requests:   ${s.requests} (${s.rps['1s'].toFixed(1)}/s now, ${s.rps['10s'].toFixed(1)}/s 10s, ${s.rps['60s'].toFixed(1)}/s 60s)`,
      `Latency:    p50 ${s.latencyMs.p50}ms  p95 ${s.latencyMs.p95}ms  p99 ${s.latencyMs.p99}ms`,
      `Statuses:   2xx ${s.statuses['2xx']}  3xx ${s.statuses['3xx']}  4xx ${s.statuses['4xx']}  5xx ${s.statuses['5xx']}`,
      `Open conns: ${s.openConnections}`,
      ...Object.entries(s.dynos).map(([name, d]) => `${name}: ${d.requests} requests (${(d.share * 100).toFixed(0)}%), p99 ${d.latencyMs.p99}ms, ${d.openConnections} open`),
    ].join('\n'));
    return 0;
  }),
};

function sourceFlag(raw: string | undefined): LogSource | undefined {
  if (raw === undefined || raw === 'app' || raw === 'dynodesk') return raw;
  throw new CliError(`--source must be app or dynodesk, got "${raw}"`);
}
