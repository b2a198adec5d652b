// One dashboard WebSocket = one engine client. Authenticates first, then relays commands and events
// in the shared/protocol.ts wire format, and keeps a slow browser from growing our memory without bound.
import type { WebSocket, RawData } from 'ws';
import type { EngineEvent } from '../../../shared/events.js';
import type { ResponseMessage, ServerMessage } from '../../../shared/protocol.js';
import type { LogLine } from '../../../shared/types.js';
import type { EngineClient } from '../../engine/engine.js';
import { tokenMatches } from './request-guard.js';

/** What a session needs from the engine: just the door. */
export interface SessionEngine {
  connect(sink: (ev: EngineEvent) => void): EngineClient;
}

export interface SessionOptions {
  ws: WebSocket;
  engine: SessionEngine;
  token: string;
  /** A socket that has not authenticated by then is closed. */
  authTimeoutMs?: number;
  /** Called once, when the token checks out. */
  onAuthenticated?: () => void;
}

/** Seconds, not minutes: an unauthenticated socket holds one of a few pre-auth slots (see preauth-gate.ts). */
export const DEFAULT_AUTH_TIMEOUT_MS = 5000;
/** After we send a close frame, how long the peer has to hang up before we drop the connection ourselves. */
const CLOSE_GRACE_MS = 1000;

/** RFC 6455 "policy violation". */
export const CLOSE_POLICY = 1008;
/** Above this many unsent bytes, logs/stats/state events are coalesced instead of queued. */
const CONGESTED_BYTES = 1024 * 1024;
/** Parked log lines per app while congested; older ones are dropped (the engine keeps the full ring). */
const MAX_PARKED_LOG_LINES = 5000;
const FLUSH_MS = 50;
const MAX_IN_FLIGHT = 256;

interface RequestShape { id: number; cmd: string; args: unknown }

function parseRequest(raw: unknown): RequestShape | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'expected a JSON object {id, cmd, args}';
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== 'number' || !Number.isSafeInteger(r.id)) return 'expected a numeric "id"';
  if (typeof r.cmd !== 'string') return 'expected a string "cmd"';
  return { id: r.id, cmd: r.cmd, args: r.args ?? {} };
}

/** Key under which an event replaces its predecessor while the socket is congested; null = never coalesce. */
function coalesceKey(ev: EngineEvent): string | null {
  switch (ev.event) {
    case 'stats.updated': return `stats:${ev.payload.app}`;
    case 'dynos.changed': return `dynos:${ev.payload.app}`;
    case 'app.changed': return `app:${ev.payload.app.name}`;
    default: return null;
  }
}

export function runSession(opts: SessionOptions): () => void {
  const { ws, engine, token } = opts;
  let client: EngineClient | null = null;
  let closed = false;
  let refused = false;
  let inFlight = 0;
  const parked = new Map<string, EngineEvent>();
  const parkedLogs = new Map<string, LogLine[]>();
  let flushTimer: NodeJS.Timeout | null = null;
  let closeTimer: NodeJS.Timeout | null = null;

  /**
   * Close with "policy violation"; nothing the peer sends afterwards is looked at. A peer that does not answer the
   * close frame is dropped after a second rather than ws's 30 s, so it cannot keep holding what it holds.
   */
  function refuse(reason: string): void {
    if (refused) return;
    refused = true;
    ws.close(CLOSE_POLICY, reason);
    if (!closed) closeTimer = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
  }

  const authTimer = setTimeout(() => refuse('authentication timeout'), opts.authTimeoutMs ?? DEFAULT_AUTH_TIMEOUT_MS);

  function sendNow(msg: ServerMessage): void {
    if (closed || ws.readyState !== ws.OPEN) return;
    ws.send(JSON.stringify(msg));
  }

  function flushParked(): void {
    flushTimer = null;
    if (closed) return;
    if (ws.bufferedAmount > CONGESTED_BYTES) { scheduleFlush(); return; }
    const events = [...parked.values()];
    parked.clear();
    for (const ev of events) sendNow(ev);
    const logs = [...parkedLogs.entries()];
    parkedLogs.clear();
    for (const [app, lines] of logs) sendNow({ event: 'logs.lines', payload: { app, lines } });
  }

  function scheduleFlush(): void {
    if (flushTimer === null && !closed) flushTimer = setTimeout(flushParked, FLUSH_MS);
  }

  function onEngineEvent(ev: EngineEvent): void {
    if (closed) return;
    // Terminal bytes are never dropped or reordered here: the engine's ack watermarks pace them.
    const congested = ws.bufferedAmount > CONGESTED_BYTES || parked.size > 0 || parkedLogs.size > 0;
    if (!congested) { sendNow(ev); return; }
    if (ev.event === 'logs.lines') {
      const list = parkedLogs.get(ev.payload.app) ?? [];
      list.push(...ev.payload.lines);
      if (list.length > MAX_PARKED_LOG_LINES) list.splice(0, list.length - MAX_PARKED_LOG_LINES);
      parkedLogs.set(ev.payload.app, list);
      scheduleFlush();
      return;
    }
    const key = coalesceKey(ev);
    if (key === null) { sendNow(ev); return; }
    parked.delete(key); // re-insert so the latest keeps its place at the end
    parked.set(key, ev);
    scheduleFlush();
  }

  async function handleCommand(req: RequestShape, c: EngineClient): Promise<void> {
    if (inFlight >= MAX_IN_FLIGHT) {
      sendNow({ id: req.id, ok: false, error: { message: `too many requests in flight (max ${MAX_IN_FLIGHT})`, code: 'invalid' } });
      return;
    }
    inFlight++;
    try {
      const res = await c.invoke(req.cmd, req.args);
      const msg: ResponseMessage = res.ok ? { id: req.id, ok: true, value: res.value } : { id: req.id, ok: false, error: res.error };
      sendNow(msg);
    } catch (err) {
      // invoke is documented never to throw; if it does, the client still gets an answer.
      sendNow({ id: req.id, ok: false, error: { message: err instanceof Error ? err.message : String(err), code: 'failed' } });
    } finally {
      inFlight--;
    }
  }

  function onMessage(data: RawData, isBinary: boolean): void {
    if (closed || refused) return;
    if (isBinary) { refuse('binary messages are not accepted'); return; }
    let parsed: unknown;
    try { parsed = JSON.parse(data.toString()); } catch {
      if (client === null) { refuse('authenticate first'); return; }
      sendNow({ id: 0, ok: false, error: { message: 'malformed message: not JSON', code: 'invalid' } });
      return;
    }
    if (client === null) {
      // Nothing but {auth} is looked at before the token checks out.
      const auth = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).auth : undefined;
      if (!tokenMatches(auth, token)) { refuse('invalid token'); return; }
      clearTimeout(authTimer);
      client = engine.connect(onEngineEvent);
      opts.onAuthenticated?.();
      return;
    }
    const req = parseRequest(parsed);
    if (typeof req === 'string') {
      const id = typeof (parsed as { id?: unknown } | null)?.id === 'number' ? (parsed as { id: number }).id : 0;
      sendNow({ id, ok: false, error: { message: `malformed request: ${req}`, code: 'invalid' } });
      return;
    }
    void handleCommand(req, client);
  }

  function cleanup(): void {
    if (closed) return;
    closed = true;
    clearTimeout(authTimer);
    if (flushTimer !== null) clearTimeout(flushTimer);
    if (closeTimer !== null) clearTimeout(closeTimer);
    parked.clear();
    parkedLogs.clear();
    client?.close();
    client = null;
  }

  ws.on('message', onMessage);
  ws.on('close', cleanup);
  ws.on('error', () => ws.terminate());

  return () => {
    cleanup();
    ws.terminate();
  };
}
