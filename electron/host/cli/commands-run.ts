// One-off dynos from the command line: `run` attaches this terminal to one, `run:detached` starts
// one whose output goes to the app's log and returns at once, as Heroku's do.
import { APP_FLAGS } from './args.js';
import type { CliCommand } from './command.js';
import { resolveApp, withEngine } from './context.js';
import { CliError } from '../control-client.js';

export const runCommand: CliCommand = {
  name: 'run',
  usage: 'run [-a APP] COMMAND…',
  summary: "Run a one-off dyno on a pty with the app's environment, attached to this terminal (`run worker`: the Procfile's worker command)",
  flags: { values: APP_FLAGS, booleans: {}, stopAtPositional: true },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    const command = args.positionals.join(' ').trim();
    const stdin = process.stdin;
    const stdout = process.stdout;
    let dyno: string | null = null;
    const early: string[] = [];
    let exitCode: number | null = null;
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => { finish = resolve; });
    // With attach, this connection watches exactly one terminal: the new dyno's. Its events may
    // arrive in the same read as run.start's answer, before we know the dyno's name.
    client.onEvent((ev) => {
      if (ev.event === 'terminal.data' && ev.payload.app === app) {
        if (dyno === null) early.push(ev.payload.data);
        else stdout.write(ev.payload.data);
        void client.call('terminal.ack', { app, dyno: ev.payload.dyno, bytes: ev.payload.data.length }).catch(() => undefined);
      } else if (ev.event === 'terminal.exit' && ev.payload.app === app) {
        exitCode = ev.payload.exitCode;
        finish();
      }
    });
    void client.closed.then(finish);
    const res = await client.call('run.start', {
      app, attach: true, cols: stdout.columns || 120, rows: stdout.rows || 30, ...(command ? { command } : {}),
    });
    dyno = res.dyno;
    const runName = dyno;
    io.err(`Running ${command || 'a shell'} on ${app}... up, ${runName}`);
    for (const chunk of early) stdout.write(chunk);
    const wasRaw = stdin.isTTY ? stdin.isRaw : false;
    if (stdin.isTTY) stdin.setRawMode(true);
    const onInput = (chunk: Buffer): void => { void client.call('terminal.input', { app, dyno: runName, data: chunk.toString('utf8') }).catch(() => undefined); };
    const onResize = (): void => { void client.call('terminal.resize', { app, dyno: runName, cols: stdout.columns || 120, rows: stdout.rows || 30 }).catch(() => undefined); };
    stdin.on('data', onInput);
    stdin.resume();
    stdout.on('resize', onResize);
    try {
      await done;
    } finally {
      stdin.off('data', onInput);
      stdout.off('resize', onResize);
      if (stdin.isTTY) stdin.setRawMode(wasRaw);
      stdin.pause();
    }
    return exitCode ?? 0;
  }),
};

export const runDetachedCommand: CliCommand = {
  name: 'run:detached',
  usage: 'run:detached [-a APP] COMMAND…',
  summary: "Run a one-off dyno in the background; its output goes to the app's log as app[run.N]",
  flags: { values: APP_FLAGS, booleans: {}, stopAtPositional: true },
  run: (args, io) => withEngine(async (client) => {
    const app = await resolveApp(client, args);
    const command = args.positionals.join(' ').trim();
    if (!command) throw new CliError('Usage: dynodesk run:detached COMMAND… (e.g. run:detached worker)');
    const { dyno } = await client.call('run.start', { app, command, detached: true });
    io.out(`Running ${command} on ${app}... up, ${dyno}`);
    io.out(`Run \`dynodesk logs -a ${app} --dyno ${dyno}\` to see its output.`);
    return 0;
  }),
};
