// Header rewriting for both directions. The router owns message framing: it drops the peer's
// Content-Length/Transfer-Encoding and writes its own from the parsed framing, so no header (not even
// one named in Connection) can make the two hops disagree about where a body ends. Kept lines go out
// as runs of the received block; only dropped and respaced lines break a run.
import { randomUUID } from 'node:crypto';
import { HOST, VIA as VIA_FIELD, X_FORWARDED_FOR, X_REQUEST_ID, isHopByHop, isRouterSet } from './field-kind.js';
import type { HeaderField, RequestHead, ResponseHead } from './http-head.js';

const REQUEST_ID_RE = /^[A-Za-z0-9+=/-]{20,200}$/;
/** What the router adds to Via in both directions. */
export const VIA = '1.1 dynodesk';

/** Heroku's rule: keep the client's X-Request-Id if it is 20–200 chars of [A-Za-z0-9+=/-]; else a fresh UUID. */
export function pickRequestId(head: RequestHead): string {
  for (const h of head.headers) {
    if (h.kind === X_REQUEST_ID) {
      const v = h.value;
      if (REQUEST_ID_RE.test(v)) return v;
    }
  }
  return randomUUID();
}

function stripped(h: HeaderField, head: RequestHead | ResponseHead): boolean {
  if (isHopByHop(h.kind)) return true;
  // Host always survives: routing already used it and the dyno needs it.
  return head.connectionNamed && h.kind !== HOST && head.connection.includes(h.lower);
}

/** Where and how the request reached the router. */
export interface RequestContext {
  readonly requestId: string;
  /** epoch ms at arrival */
  readonly startMs: number;
  readonly clientIp: string;
  /** the port the client connected to */
  readonly localPort: number;
  /** 'http', or 'https' through the TLS listener */
  readonly proto: string;
  /** used when an HTTP/1.0 client sent no Host */
  readonly defaultHost: string;
}

/** The client's X-Forwarded-For chain with the client appended: also what the router log prints as fwd. */
export function forwardedFor(head: RequestHead, clientIp: string): string {
  let chain = '';
  for (const h of head.headers) {
    if (h.kind === X_FORWARDED_FOR && h.value) chain = chain ? `${chain}, ${h.value}` : h.value;
  }
  return chain ? `${chain}, ${clientIp}` : clientIp;
}

/**
 * The block's lines, minus those `drop` rejects, with odd spacing normalised ("Name:value" →
 * "Name: value"); runs of lines that need no change are copied as they came.
 */
function keptLines(block: string, headers: readonly HeaderField[], drop: (h: HeaderField) => boolean): string {
  let out = '';
  let run = 0;
  for (const h of headers) {
    const keep = !drop(h);
    if (keep && h.canonical) continue;
    if (run < h.start) out += block.slice(run, h.start);
    if (keep) out += `${h.name}: ${h.value}\r\n`;
    run = h.end;
  }
  return run === 0 ? block : out + block.slice(run);
}

/** The request head for the dyno: always HTTP/1.1 (keep-alive), with Heroku's headers. */
export function upstreamHead(head: RequestHead, ctx: RequestContext): string {
  let via = '';
  const lines = keptLines(head.block, head.headers, (h) => {
    if (h.kind === VIA_FIELD && !stripped(h, head)) via = via ? `${via}, ${h.value}` : h.value;
    // An absolute-form target names the host: the client's Host line gives way to it (RFC 9112 §3.2.2).
    return stripped(h, head) || isRouterSet(h.kind) || h.kind === X_FORWARDED_FOR || h.kind === VIA_FIELD || (head.absolute && h.kind === HOST);
  });
  let out = `${head.method} ${head.target} HTTP/1.1\r\n`;
  if (head.host === null) out += `Host: ${ctx.defaultHost}\r\n`;
  else if (head.absolute) out += `Host: ${head.host}\r\n`;
  out += lines;
  if (head.chunked) out += 'Transfer-Encoding: chunked\r\n';
  else if (head.contentLength >= 0) out += `Content-Length: ${head.contentLength}\r\n`;
  if (head.websocket) out += 'Connection: Upgrade\r\nUpgrade: websocket\r\n';
  return `${out}X-Request-Id: ${ctx.requestId}\r\nX-Request-Start: ${ctx.startMs}\r\n`
    + `X-Forwarded-For: ${forwardedFor(head, ctx.clientIp)}\r\nX-Forwarded-Proto: ${ctx.proto}\r\n`
    + `X-Forwarded-Port: ${ctx.localPort}\r\nVia: ${via ? `${via}, ${VIA}` : VIA}\r\n\r\n`;
}

export type ClientFraming = 'none' | 'length' | 'chunked' | 'close';

/**
 * The response head sent to the client. `framing` is how the router will deliver the body; `extra`:
 * whole header lines of the router's own to add (session affinity's Set-Cookie), usually none.
 */
export function clientResponseHead(res: ResponseHead, framing: ClientFraming, close: boolean, upgrade: boolean, extra = ''): string {
  let via = '';
  const lines = keptLines(res.block, res.headers, (h) => {
    if (stripped(h, res)) return true;
    if (h.kind !== VIA_FIELD) return false;
    via = via ? `${via}, ${h.value}` : h.value;
    return true;
  });
  let out = `HTTP/1.1 ${res.status} ${res.reason}\r\n${lines}`;
  // A bodiless response (HEAD, 304) still reports the representation's length if the dyno gave one.
  if (res.contentLength >= 0 && (framing === 'length' || framing === 'none')) out += `Content-Length: ${res.contentLength}\r\n`;
  else if (framing === 'chunked') out += 'Transfer-Encoding: chunked\r\n';
  if (upgrade) out += 'Connection: Upgrade\r\nUpgrade: websocket\r\n';
  else if (close) out += 'Connection: close\r\n';
  if (extra !== '') out += extra;
  return `${out}Via: ${via ? `${via}, ${VIA}` : VIA}\r\n\r\n`;
}

/** Interim (1xx) responses are relayed as they came, minus hop-by-hop fields. */
export function interimHead(res: ResponseHead): string {
  return `HTTP/1.1 ${res.status} ${res.reason}\r\n${keptLines(res.block, res.headers, (h) => stripped(h, res))}\r\n`;
}
