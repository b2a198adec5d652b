import { connect, type Socket } from 'node:net';
import type { CommandArgs, CommandName, CommandResult } from '../../shared/commands.js';
import type { EngineEvent } from '../../shared/events.js';
import type { ResponseMessage } from '../../shared/protocol.js';
import { checkControlSocket, controlSocketPath } from './control-path.js';
import { MAX_REPLY_LINE_BYTES, onJsonLines, writeJsonLine } from './json-lines.js';

export class CliError extends Error {}

export interface ControlClient {
  call<K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<CommandResult<K>>;
  /** Ask the engine for these broadcast events (terminal events of opened terminals always come). */
  subscribe(events: EngineEvent['event'][]): void;
  onEvent(listener: (ev: EngineEvent) => void): () => void;
  /** Resolves when the engine goes away (socket closed by the other side). */
  readonly closed: Promise<void>;
  close(): void;
}

export function noEngineMessage(dataDir: string): string {
  return `No Dynodesk engine is running for ${dataDir}. Start one with \`npx dynodesk serve\` (or open the Dynodesk app), then try again.`;
}

export function untrustedSocketMessage(path: string, reason: string): string {
  return `Refusing to talk to the control socket ${path}: ${reason}. Your Dynodesk engine did not make it that way; `
    + 'another user may be trying to receive your commands. Stop any engine, remove it, and start the engine again.';
}

export function connectControl(dataDir: string): Promise<ControlClient> {
  const path = controlSocketPath(dataDir);
  // Commands carry secrets (config:set): never hand them to a socket another user could have put there.
  let check: ReturnType<typeof checkControlSocket>;
  try {
    check = checkControlSocket(path);
  } catch (err) {
    return Promise.reject(new CliError(`Cannot check the engine's control socket ${path}: ${err instanceof Error ? err.message : String(err)}`));
  }
  if (!check.ok) {
    return Promise.reject(new CliError(check.absent ? noEngineMessage(dataDir) : untrustedSocketMessage(path, check.reason)));
  }
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(path);
    socket.once('error', (err: NodeJS.ErrnoException) => {
      reject(new CliError(['ENOENT', 'ECONNREFUSED'].includes(err.code ?? '') ? noEngineMessage(dataDir) : `Cannot reach the engine at ${path}: ${err.message}`));
    });
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(makeClient(socket));
    });
  });
}

function makeClient(socket: Socket): ControlClient {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Set<(ev: EngineEvent) => void>();
  const closed = new Promise<void>((resolve) => {
    socket.on('close', () => {
      for (const p of pending.values()) p.reject(new CliError('The engine closed the connection (did it stop?)'));
      pending.clear();
      resolve();
    });
  });
  socket.on('error', () => socket.destroy());
  onJsonLines(socket, MAX_REPLY_LINE_BYTES, (msg) => {
    if (typeof msg !== 'object' || msg === null) return;
    if ('event' in msg) {
      for (const l of listeners) l(msg as EngineEvent);
      return;
    }
    const res = msg as ResponseMessage;
    // id -1: the engine refused the stream itself (e.g. a message too large) and is closing it.
    if (res.id === -1 && !res.ok) {
      for (const p of pending.values()) p.reject(new CliError(res.error.message));
      pending.clear();
      return;
    }
    const p = pending.get(res.id);
    if (!p) return;
    pending.delete(res.id);
    if (res.ok) p.resolve(res.value);
    else p.reject(new CliError(res.error.message));
  }, (reason) => socket.destroy(new Error(reason)));
  return {
    call<K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<CommandResult<K>> {
      const id = nextId++;
      return new Promise<CommandResult<K>>((resolve, reject) => {
        pending.set(id, { resolve: (v) => resolve(v as CommandResult<K>), reject });
        if (!writeJsonLine(socket, { id, cmd, args }) && socket.destroyed) {
          pending.delete(id);
          reject(new CliError('The engine connection is closed'));
        }
      });
    },
    subscribe(events) {
      writeJsonLine(socket, { subscribe: events });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    closed,
    close: () => socket.end(),
  };
}
