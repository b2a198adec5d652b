// The API the renderer sees: one method per command plus event subscription.
// Electron's preload exposes exactly this as window.dynodesk; the browser dashboard implements it over a WebSocket.
import type { CommandArgs, CommandName, CommandResult } from './commands.js';
import type { EventName, EventPayloads } from './events.js';
import type { Result } from './types.js';

export type DynodeskCommands = {
  readonly [K in CommandName]: (args: CommandArgs<K>) => Promise<Result<CommandResult<K>>>;
};

export interface DynodeskApi extends DynodeskCommands {
  /** Subscribe to an engine event; returns the unsubscribe function. */
  on<K extends EventName>(event: K, listener: (payload: EventPayloads[K]) => void): () => void;
  /** 'electron' inside the desktop app, 'browser' in the dashboard. */
  readonly kind: 'electron' | 'browser';
}
