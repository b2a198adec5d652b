// What an exchange and its response relay may ask of the client connection they serve. Types only:
// client-connection.ts creates exchanges, so exchange.ts must not import it back.
import type { Socket } from 'node:net';
import type { RouterContext } from './router-context.js';

export interface ClientSide {
  readonly ctx: RouterContext;
  /** the socket closed (or went to a WebSocket tunnel) */
  readonly closed: boolean;
  /** the router is ending the connection: nothing more is read */
  readonly closing: boolean;
  /** the request body, if any, has been fully read */
  readonly bodyDone: boolean;
  /** reading the body is paused because the dyno is not taking it fast enough */
  readonly bodyPaused: boolean;
  /** like socket.write (strings are latin1): false means "wait for 'drain'" */
  write(data: string | Buffer): boolean;
  /** the upstream is ready (or gone, with null): request body bytes flow to `sink` */
  setBodySink(sink: ((b: Buffer) => boolean) | null): void;
  /** the dyno drained its write buffer: read more request body */
  resumeBody(): void;
  /** the exchange is over: keep the connection for the next request, or close it */
  finishExchange(close: boolean): void;
  /** hand the socket over to a WebSocket tunnel, with any bytes sent after the request */
  detach(): { socket: Socket; pending: Buffer | null };
  destroy(): void;
  /** answer `status` with an error page and close; returns the bytes sent */
  refuse(status: number, why?: string): number;
}
