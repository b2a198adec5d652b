// The only place IPC handlers are registered. One `dynodesk:<cmd>` handler per command of the
// shared contract, all through one wrapper that (1) checks the sender is the top frame of one of
// our windows showing our renderer, (2) validates the payload with the command's zod schema, and
// only then (3) calls that window's own EngineClient. Failures come back as values
// ({ ok: false, error }) because Electron IPC keeps nothing of a thrown error but its message.
//
// Electron objects are described structurally so tests can drive the registry with a fake
// transport (and the real engine) under plain Node.
import { commandNames, commandSchemas, type CommandName } from '../../shared/commands.js';
import type { EngineEvent } from '../../shared/events.js';
import type { Result } from '../../shared/types.js';
import { EVENT_CHANNEL, OPEN_EXTERNAL_CHANNEL, PICK_FOLDER_CHANNEL, commandChannel } from './ipc-channels.js';
import { isTrustedSender } from './sender-policy.js';

export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}

export interface WebContentsLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface IpcEventLike {
  readonly sender: WebContentsLike;
  /** null when the frame has navigated away or been destroyed since it sent the message. */
  readonly senderFrame: FrameLike | null;
}

export type IpcListener = (event: IpcEventLike, ...args: unknown[]) => unknown;

export interface IpcMainLike {
  handle(channel: string, listener: IpcListener): void;
  removeHandler(channel: string): void;
}

export interface EngineClientLike {
  invoke(cmd: string, args: unknown): Promise<Result<unknown>>;
  close(): void;
}

export interface EngineLike {
  connect(sink: (ev: EngineEvent) => void): EngineClientLike;
}

export interface IpcRegistryOptions {
  ipc: IpcMainLike;
  engine: EngineLike;
  /** Renderer origins allowed to call: app://dynodesk, plus the Vite dev server in development. */
  allowedOrigins: readonly string[];
  /** True for webContents created by our window factory. */
  isOurWebContents(sender: WebContentsLike): boolean;
  /** The guarded opener (open-external.ts). */
  openExternal(url: string): Promise<boolean>;
  /** Native folder picker attached to the sender's window; null when cancelled. */
  pickFolder(sender: WebContentsLike): Promise<string | null>;
}

export interface IpcRegistry {
  /** Channels registered, for tests and diagnostics. */
  readonly channels: readonly string[];
  /** Remove every handler and close every per-window engine client. */
  close(): void;
}

const MAX_URL_LENGTH = 8192;

export function registerIpc(opts: IpcRegistryOptions): IpcRegistry {
  const clients = new Map<number, EngineClientLike>();
  const channels: string[] = [];
  let closed = false;

  const senderError = (event: IpcEventLike): string | null => {
    if (!opts.isOurWebContents(event.sender)) return 'IPC refused: the sender is not a Dynodesk window';
    let url: string;
    let isTop: boolean;
    try {
      // Electron throws when a frame was disposed between sending and our look at it.
      const frame = event.senderFrame;
      if (frame === null) return 'IPC refused: the sending frame is gone';
      url = frame.url;
      isTop = frame.parent === null;
    } catch {
      return 'IPC refused: the sending frame is gone';
    }
    if (!isTrustedSender(url, isTop, opts.allowedOrigins)) {
      return 'IPC refused: only the Dynodesk page in the top frame may call the engine';
    }
    return null;
  };

  const clientFor = (sender: WebContentsLike): EngineClientLike => {
    const existing = clients.get(sender.id);
    if (existing) return existing;
    const client = opts.engine.connect((ev) => {
      if (sender.isDestroyed()) return;
      try {
        sender.send(EVENT_CHANNEL, ev);
      } catch {
        // The window is going away; its 'destroyed' handler closes this client.
      }
    });
    clients.set(sender.id, client);
    // A closed or crashed window must not keep terminal subscriptions (and their buffers) alive.
    sender.once('destroyed', () => {
      clients.delete(sender.id);
      client.close();
    });
    return client;
  };

  const handleCommand = async (cmd: CommandName, event: IpcEventLike, args: unknown): Promise<Result<unknown>> => {
    if (closed) return fail('The engine is shutting down', 'no_engine');
    const refused = senderError(event);
    if (refused) return fail(refused, 'forbidden');
    const parsed = commandSchemas[cmd].safeParse(args ?? {});
    if (!parsed.success) {
      const detail = parsed.error.issues
        .map((i) => `${i.path.length ? i.path.join('.') : 'arguments'}: ${i.message}`)
        .join('; ');
      return fail(`Invalid arguments for ${cmd}: ${detail}`, 'invalid');
    }
    try {
      return await clientFor(event.sender).invoke(cmd, parsed.data);
    } catch (err) {
      // invoke() is documented never to throw; if it does, the renderer still gets a value.
      return fail(err instanceof Error ? err.message : String(err), 'failed');
    }
  };

  for (const cmd of commandNames) {
    const channel = commandChannel(cmd);
    opts.ipc.handle(channel, (event, args) => handleCommand(cmd, event, args));
    channels.push(channel);
  }

  opts.ipc.handle(OPEN_EXTERNAL_CHANNEL, async (event, url) => {
    if (closed || senderError(event) !== null) return false;
    if (typeof url !== 'string' || url.length > MAX_URL_LENGTH) return false;
    return opts.openExternal(url);
  });
  channels.push(OPEN_EXTERNAL_CHANNEL);

  opts.ipc.handle(PICK_FOLDER_CHANNEL, async (event) => {
    if (closed || senderError(event) !== null) return null;
    return opts.pickFolder(event.sender);
  });
  channels.push(PICK_FOLDER_CHANNEL);

  return {
    channels,
    close() {
      if (closed) return;
      closed = true;
      for (const channel of channels) opts.ipc.removeHandler(channel);
      for (const client of clients.values()) client.close();
      clients.clear();
    },
  };
}

function fail(message: string, code: string): Result<unknown> {
  return { ok: false, error: { message, code } };
}
