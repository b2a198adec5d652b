// Building a complete set of listening sockets on one address, for moving the router between
// 127.0.0.1 and 0.0.0.0 (LAN access). All or nothing: a set that could not open a port that was
// open before is closed again, so the router is never left half-bound.
import { Listeners, type OnConnection } from './listeners.js';

/** A port that could not be bound on the new address. */
export class BindError extends Error {
  constructor(readonly port: number, readonly code: string, readonly host: string) {
    super(`cannot listen on ${host}:${port} (${code})`);
    this.name = 'BindError';
  }
}

export interface BoundSet {
  listeners: Listeners;
  /** app ports open on the new address */
  open: Set<number>;
}

/**
 * Listen on `host` at the shared port and every wanted app port. `mustOpen` are the app ports open
 * on the old address: losing one of them fails the whole set. A wanted port that could not be opened
 * before either may stay closed (it was already reported when the table asked for it).
 */
export async function bindAll(host: string, sharedPort: number, wanted: ReadonlySet<number>, mustOpen: ReadonlySet<number>, onConnection: OnConnection): Promise<BoundSet> {
  const listeners = new Listeners(host, onConnection);
  try {
    try {
      await listeners.listenShared(sharedPort);
    } catch (e) {
      throw new BindError(sharedPort, (e as NodeJS.ErrnoException).code ?? 'failed', host);
    }
    const failed = await listeners.sync(new Set(wanted));
    for (const [port, code] of failed) {
      if (mustOpen.has(port)) throw new BindError(port, code, host);
    }
    const open = new Set([...wanted].filter((p) => !failed.has(p)));
    return { listeners, open };
  } catch (e) {
    listeners.close();
    throw e;
  }
}

/**
 * Best effort, for going back to the old address after a failed move: opens what it can and
 * reports what it could not (the caller logs it), never throws.
 */
export async function bindWhatCan(host: string, sharedPort: number, wanted: ReadonlySet<number>, onConnection: OnConnection): Promise<BoundSet & { problems: string[] }> {
  const listeners = new Listeners(host, onConnection);
  const problems: string[] = [];
  try {
    await listeners.listenShared(sharedPort);
  } catch (e) {
    problems.push(`cannot listen on ${host}:${sharedPort} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const failed = await listeners.sync(new Set(wanted));
  for (const [port, code] of failed) problems.push(`cannot listen on ${host}:${port} (${code})`);
  return { listeners, open: new Set([...wanted].filter((p) => !failed.has(p))), problems };
}
