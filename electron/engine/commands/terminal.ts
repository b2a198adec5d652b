import type { TerminalSubscription } from '../dynos/types.js';
import type { EngineCore } from '../engine-core.js';
import type { ClientContext, HandlerMap } from './handler.js';

type TerminalHandlers = Pick<HandlerMap, 'terminal.open' | 'terminal.close' | 'terminal.input' | 'terminal.resize' | 'terminal.ack'>;

const key = (app: string, dyno: string): string => `${app}/${dyno}`;

/** Subscribe `client` to a dyno's terminal (replacing an earlier subscription of its own). */
export function attachTerminal(core: EngineCore, client: ClientContext, app: string, dyno: string): TerminalSubscription {
  client.terminals.get(key(app, dyno))?.close();
  const sub = core.supervisor.openTerminal(app, dyno, {
    data: (data) => client.send({ event: 'terminal.data', payload: { app, dyno, data } }),
    exit: (exitCode) => {
      client.terminals.delete(key(app, dyno));
      client.send({ event: 'terminal.exit', payload: { app, dyno, exitCode } });
    },
  });
  client.terminals.set(key(app, dyno), sub);
  return sub;
}

export const terminalHandlers: TerminalHandlers = {
  'terminal.open': async (core, { app, dyno }, client) => {
    core.registry.get(app);
    const sub = attachTerminal(core, client, app, dyno);
    return { scrollback: sub.scrollback, cols: sub.cols, rows: sub.rows };
  },

  'terminal.close': async (_core, { app, dyno }, client) => {
    const sub = client.terminals.get(key(app, dyno));
    sub?.close();
    client.terminals.delete(key(app, dyno));
    return { closed: sub !== undefined };
  },

  'terminal.input': async (core, { app, dyno, data }) => {
    core.supervisor.write(app, dyno, data);
    return { written: data.length };
  },

  'terminal.resize': async (core, { app, dyno, cols, rows }) => {
    core.supervisor.resize(app, dyno, cols, rows);
    return { cols, rows };
  },

  'terminal.ack': async (_core, { app, dyno, bytes }, client) => {
    client.terminals.get(key(app, dyno))?.ack(bytes);
    return { acked: bytes };
  },
};
