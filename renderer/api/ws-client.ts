// The browser dashboard's implementation of DynodeskApi: the shared/protocol.ts wire format over one WebSocket.
import type { DynodeskApi } from '../../shared/api.js';
import type { EventName, EventPayloads } from '../../shared/events.js';
import type { CommandError, Result } from '../../shared/types.js';

export type ConnectionState = 'connecting' | 'open' | 'closed' | 'unauthorized';

export interface ApiConnection {
  api: DynodeskApi;
  state(): ConnectionState;
  /** Called on every state change; returns the unsubscribe function. */
  onState(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

type AnyListener = (payload: unknown) => void;
type Pending = (res: Result<unknown>) => void;

/** RFC 6455 policy violation: the server refused our token; retrying cannot help. */
const CLOSE_POLICY = 1008;
const MAX_BACKOFF_MS = 5000;

function noEngine(message: string): Result<never> {
  return { ok: false, error: { message, code: 'no_engine' } };
}

export function createWsApi(wsUrl: string, token: string): ApiConnection {
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let backoff = 250;
  let stopped = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  const pending = new Map<number, Pending>();
  const outbox: string[] = [];
  const listeners = new Map<string, Set<AnyListener>>();
  const stateListeners = new Set<(s: ConnectionState) => void>();

  function setState(s: ConnectionState): void {
    if (s === state) return;
    state = s;
    for (const l of [...stateListeners]) l(s);
  }

  function failPending(message: string): void {
    for (const resolve of pending.values()) resolve(noEngine(message));
    pending.clear();
    outbox.length = 0;
  }

  function dispatch(event: string, payload: unknown): void {
    const set = listeners.get(event);
    if (!set) return;
    for (const l of [...set]) {
      try { l(payload); } catch (err) { console.error(`listener for ${event} failed`, err); }
    }
  }

  function connect(): void {
    setState('connecting');
    const ws = new WebSocket(wsUrl);
    socket = ws;
    ws.onopen = () => {
      // Auth goes first; the server looks at nothing else until the token checks out.
      ws.send(JSON.stringify({ auth: token }));
      for (const m of outbox.splice(0)) ws.send(m);
      backoff = 250;
      setState('open');
    };
    ws.onmessage = (e: MessageEvent) => {
      if (typeof e.data !== 'string') return;
      let msg: unknown;
      try { msg = JSON.parse(e.data); } catch { return; }
      if (typeof msg !== 'object' || msg === null) return;
      const m = msg as Record<string, unknown>;
      if (typeof m.id === 'number') {
        const resolve = pending.get(m.id);
        if (!resolve) return;
        pending.delete(m.id);
        resolve(m.ok === true ? { ok: true, value: m.value } : { ok: false, error: (m.error as CommandError | undefined) ?? { message: 'unknown error', code: 'failed' } });
      } else if (typeof m.event === 'string') {
        dispatch(m.event, m.payload);
      }
    };
    ws.onclose = (e: CloseEvent) => {
      if (socket !== ws) return;
      socket = null;
      if (e.code === CLOSE_POLICY) {
        failPending(`the dashboard refused this page: ${e.reason || 'invalid token'}`);
        setState('unauthorized');
        return;
      }
      failPending('lost the connection to the Dynodesk engine');
      setState('closed');
      if (stopped) return;
      reconnectTimer = setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    };
  }

  function call(cmd: string, args: unknown): Promise<Result<unknown>> {
    if (state === 'unauthorized') return Promise.resolve(noEngine('not authorized: open the link printed by `dynodesk serve`'));
    if (state === 'closed' || stopped) return Promise.resolve(noEngine('not connected to the Dynodesk engine'));
    const id = nextId++;
    const text = JSON.stringify({ id, cmd, args });
    return new Promise((resolve) => {
      pending.set(id, resolve);
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(text);
      else outbox.push(text);
    });
  }

  function on<K extends EventName>(event: K, listener: (payload: EventPayloads[K]) => void): () => void {
    let set = listeners.get(event);
    if (!set) { set = new Set(); listeners.set(event, set); }
    const l = listener as AnyListener;
    set.add(l);
    return () => { set.delete(l); };
  }

  // One method per command name without listing them here (that list lives in shared/ next to zod,
  // which the renderer must not bundle).
  const api = new Proxy({ kind: 'browser', on } as Record<string | symbol, unknown>, {
    get(target, prop) {
      if (prop in target) return target[prop];
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      return (args: unknown) => call(prop, args ?? {});
    },
  }) as unknown as DynodeskApi;

  connect();
  return {
    api,
    state: () => state,
    onState(listener) { stateListeners.add(listener); return () => { stateListeners.delete(listener); }; },
    close() {
      stopped = true;
      if (reconnectTimer !== null) clearTimeout(reconnectTimer);
      socket?.close(1000, 'page closed');
      socket = null;
      failPending('connection closed');
      setState('closed');
    },
  };
}
