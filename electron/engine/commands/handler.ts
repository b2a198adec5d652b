import type { CommandArgs, CommandName, CommandResult } from '../../../shared/commands.js';
import type { EngineEvent } from '../../../shared/events.js';
import type { TerminalSubscription } from '../dynos/types.js';
import type { EngineCore } from '../engine-core.js';

/** Per-connection state a command may touch: the terminals this client watches. */
export interface ClientContext {
  readonly terminals: Map<string, TerminalSubscription>;
  send(ev: EngineEvent): void;
}

export type Handler<K extends CommandName> = (core: EngineCore, args: CommandArgs<K>, client: ClientContext) => Promise<CommandResult<K>>;
export type HandlerMap = { [K in CommandName]: Handler<K> };
