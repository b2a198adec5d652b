// What a dashboard WebSocket may cost us before its token checks out. Anyone on this machine can connect; only
// the token holder should be able to make the engine hold memory. So until {auth} arrives a connection takes one of
// a few slots and may send a few KB; the session's auth timer bounds how long it keeps them.
import type { Duplex } from 'node:stream';

export interface PreAuthLimits {
  /** Connections waiting to authenticate at once; further handshakes are refused. */
  maxPending: number;
  /** Bytes a connection may send before it has authenticated ({auth: token} is under 100). */
  maxBytes: number;
}

export const DEFAULT_PREAUTH_LIMITS: PreAuthLimits = { maxPending: 32, maxBytes: 8 * 1024 };

export interface PreAuthTicket {
  /**
   * Count what the peer sends from now on. Call after the WebSocket has attached its own reader, so that an {auth}
   * arriving in the same read as later messages is handled before this counts them. `onOverflow` runs once.
   */
  watch(socket: Duplex, onOverflow: () => void): void;
  /** The token checked out: no byte limit from now on, and the slot goes to the next connection. */
  authenticated(): void;
}

export interface PreAuthGate {
  /** A slot for this connection, or null when every slot is taken. The slot is freed when `socket` closes. */
  admit(socket: Duplex): PreAuthTicket | null;
  readonly pending: number;
}

export function createPreAuthGate(limits: PreAuthLimits = DEFAULT_PREAUTH_LIMITS): PreAuthGate {
  let pending = 0;
  return {
    get pending() { return pending; },
    admit(socket) {
      if (pending >= limits.maxPending) return null;
      pending++;
      let holding = true;
      let counted = 0;
      let overflowed = false;
      let counter: ((chunk: Buffer) => void) | null = null;
      let watched: Duplex | null = null;
      const release = (): void => {
        if (!holding) return;
        holding = false;
        pending--;
        if (counter) watched?.off('data', counter);
      };
      socket.once('close', release);
      return {
        watch(s, onOverflow) {
          if (!holding || counter) return;
          watched = s;
          counter = (chunk: Buffer) => {
            // Still called for the read that carried {auth}: removing a listener does not stop the ongoing emit.
            if (!holding) return;
            counted += chunk.length;
            if (counted > limits.maxBytes && !overflowed) {
              overflowed = true;
              onOverflow();
            }
          };
          s.on('data', counter);
        },
        authenticated: release,
      };
    },
  };
}
