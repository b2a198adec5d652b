// Wire format shared by the dashboard WebSocket and the CLI control socket (one JSON object per message / line).
import type { CommandError } from './types.js';
import type { EventName, EventPayloads } from './events.js';

export interface RequestMessage { id: number; cmd: string; args: unknown }
export type ResponseMessage =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: CommandError };
export interface EventMessage<K extends EventName = EventName> { event: K; payload: EventPayloads[K] }
export type ServerMessage = ResponseMessage | EventMessage;
