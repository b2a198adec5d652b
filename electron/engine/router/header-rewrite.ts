// One-pass header rewriting for both directions. The router owns message framing: it drops the
// peer's Content-Length/Transfer-Encoding and writes its own from the parsed framing, so no header
// (not even one named in Connection) can make the two hops disagree about where a body ends.
import { HOST, VIA as VIA_FIELD, X_FORWARDED_FOR, X_REQUEST_ID, isHopByHop, isRouterSet } from './field-kind.js';
import type { BlockParts, HeaderField, RequestHead, ResponseHead } from './http-head.js';
import { MAX_INT_BYTES, latin1Bytes, latin1Write, put, putBytes, putInt, putSlice, putText, type Latin1Text } from './latin1-bytes.js';
import { SCRATCH, scratchFree } from './socket-read.js';
import { writeRequestId } from './request-id.js';

const REQUEST_ID_RE = /^[A-Za-z0-9+=/-]{20,200}$/;
/** What the router adds to Via in both directions. */
export const VIA = '1.1 dynodesk';

/**
 * Heroku's rule: keep the client's X-Request-Id if it is 20–200 chars of [A-Za-z0-9+=/-]; else a fresh
 * UUID, written into `fresh` (36 bytes the caller owns for as long as it uses the id: no string is made).
 */
export function pickRequestId(head: RequestHead, fresh: Uint8Array): Latin1Text {
  const parts = head.parts;
  let id = parts !== null ? parts.clientId : undefined;
  if (id === undefined) {
    id = null;
    for (const h of head.headers) {
      if (h.kind === X_REQUEST_ID && REQUEST_ID_RE.test(h.value)) {
        id = h.value;
        break;
      }
    }
    if (parts !== null) parts.clientId = id;
  }
  if (id !== null) return id;
  writeRequestId(fresh, 0);
  return fresh;
}


function stripped(h: HeaderField, head: RequestHead | ResponseHead): boolean {
  if (isHopByHop(h.kind)) return true;
  // Host always survives: routing already used it and the dyno needs it.
  return head.connectionNamed && h.kind !== HOST && head.connection.includes(h.lower);
}

export interface RequestContext {
  requestId: Latin1Text;
  startMs: number;
  clientIp: string;
  localPort: number;
  /** used when the client sent no Host */
  defaultHost: string;
}

/** The client's X-Forwarded-For chain with the client appended: also what the router log prints as fwd. */
export function forwardedFor(head: RequestHead, clientIp: string): string {
  let chain = '';
  for (const h of head.headers) {
    if (h.kind === X_FORWARDED_FOR && h.value) chain = chain ? `${chain}, ${h.value}` : h.value;
  }
  return chain ? `${chain}, ${clientIp}` : clientIp;
}

// The constant parts of the dyno-bound head.
const B_HOST = latin1Bytes('Host: ');
const B_COLON_SP = latin1Bytes(': ');
const B_CONTENT_LENGTH = latin1Bytes('Content-Length: ');
const B_X_REQUEST_ID = latin1Bytes('X-Request-Id: ');
const B_LIST_SEP = latin1Bytes(', ');
const B_HTTP11_CRLF = latin1Bytes(' HTTP/1.1\r\n');
const B_CRLF = latin1Bytes('\r\n');
const B_TE_CHUNKED = latin1Bytes('Transfer-Encoding: chunked\r\n');
const B_UPGRADE = latin1Bytes('Connection: Upgrade\r\nUpgrade: websocket\r\n');
const B_X_REQUEST_START = latin1Bytes('\r\nX-Request-Start: ');
const B_X_FORWARDED_FOR = latin1Bytes('\r\nX-Forwarded-For: ');
const B_X_FORWARDED_PROTO_PORT = latin1Bytes('\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Port: ');
const B_VIA = latin1Bytes('\r\nVia: ');
const B_OUR_VIA_END = latin1Bytes(`${VIA}\r\n\r\n`);

// The fields that close every head of a client that sent no X-Forwarded-For or Via, encoded once per
// client address and port: the same few local clients connect again and again.
let tailIp = '';
let tailPort = -1;
let tail: Uint8Array = new Uint8Array(0);
function plainTail(ip: string, port: number): Uint8Array {
  if (ip !== tailIp || port !== tailPort) {
    tail = latin1Bytes(`\r\nX-Forwarded-For: ${ip}\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Port: ${port}\r\nVia: ${VIA}\r\n\r\n`);
    tailIp = ip;
    tailPort = port;
  }
  return tail;
}

// X-Request-Start's digits, kept for the millisecond they belong to (many requests arrive in each).
let msValue = -1;
let msLength = 0;
const msDigits = Buffer.alloc(MAX_INT_BYTES);
function putMs(out: Buffer, o: number, ms: number): number {
  if (ms !== msValue) {
    msLength = putInt(msDigits, 0, ms);
    msValue = ms;
  }
  for (let i = 0; i < msLength; i++) out[o++] = msDigits[i] as number;
  return o;
}

/** s[a..b): long runs (cookies, user agents) through Buffer's own latin1 writer, short ones byte by byte. */
function putRun(out: Buffer, o: number, s: string, a: number, b: number): number {
  if (b - a <= 48) return putSlice(out, o, s, a, b);
  return o + latin1Write(out, s.slice(a, b), o);
}

/** Where writeUpstreamHead put the head: out[0..length) (one object, reused). */
export interface HeadOut {
  out: Buffer;
  length: number;
}
const HEAD_OUT: HeadOut = { out: SCRATCH, length: 0 };

/**
 * The request head for the dyno (always HTTP/1.1, keep-alive), written straight into bytes: into
 * SCRATCH when it is free (scratchFree), so it must be written out before anything else uses SCRATCH
 * (socket-write's send() copies or holds what it has to queue). A retry writes it again: it comes out the same.
 */
export function writeUpstreamHead(head: RequestHead, target: string, ctx: RequestContext): HeadOut {
  const parts = head.parts;
  if (parts !== null && parts.section !== null && parts.closing !== null && head.host !== null
    && parts.closingIp === ctx.clientIp && parts.closingPort === ctx.localPort) {
    return repeatUpstreamHead(head.method, target, ctx, parts);
  }
  const block = head.block;
  let plain = true;
  for (const h of head.headers) {
    if (h.kind === X_FORWARDED_FOR || h.kind === VIA_FIELD) {
      plain = false;
      break;
    }
  }
  let fwd = '';
  let via = '';
  if (!plain) {
    fwd = forwardedFor(head, ctx.clientIp);
    for (const h of head.headers) {
      if (h.kind === VIA_FIELD && !stripped(h, head)) via = via ? `${via}, ${h.value}` : h.value;
    }
  }
  const closing = plain ? plainTail(ctx.clientIp, ctx.localPort) : null;
  // Rewritten lines ("Name:value" → "Name: value") grow by at most one byte each.
  const bound = head.method.length + target.length + ctx.defaultHost.length + block.length + head.headers.length
    + ctx.requestId.length + fwd.length + via.length + (closing ? closing.length : 0) + 4 * MAX_INT_BYTES + 256;
  const out = scratchFree(bound) ? SCRATCH : Buffer.allocUnsafe(bound);
  let o = putRequestLine(out, head.method, target);
  const sectionStart = o;
  // HTTP/1.0 clients on an app port may omit Host; HTTP/1.1 dynos require one.
  if (head.host === null) {
    o = putBytes(out, o, B_HOST);
    o = put(out, o, ctx.defaultHost);
    o = putBytes(out, o, B_CRLF);
  }
  // Kept lines go out as runs of the received block; dropped and rewritten ones end a run.
  let run = 0;
  for (const h of head.headers) {
    const keep = !stripped(h, head) && !isRouterSet(h.kind) && h.kind !== X_FORWARDED_FOR && h.kind !== VIA_FIELD;
    if (keep && h.canonical) continue;
    o = putRun(out, o, block, run, h.start);
    if (keep) {
      o = put(out, o, h.name);
      o = putBytes(out, o, B_COLON_SP);
      o = putRun(out, o, h.value, 0, h.value.length);
      o = putBytes(out, o, B_CRLF);
    }
    run = h.end;
  }
  o = putRun(out, o, block, run, block.length);
  if (head.chunked) {
    o = putBytes(out, o, B_TE_CHUNKED);
  } else if (head.contentLength >= 0) {
    o = putBytes(out, o, B_CONTENT_LENGTH);
    o = putInt(out, o, head.contentLength);
    o = putBytes(out, o, B_CRLF);
  }
  if (head.websocket) o = putBytes(out, o, B_UPGRADE);
  const sectionEnd = o;
  o = putBytes(out, o, B_X_REQUEST_ID);
  o = putText(out, o, ctx.requestId);
  o = putBytes(out, o, B_X_REQUEST_START);
  o = putMs(out, o, ctx.startMs);
  const closingStart = o;
  if (closing) {
    o = putBytes(out, o, closing);
  } else {
    o = putBytes(out, o, B_X_FORWARDED_FOR);
    o = putRun(out, o, fwd, 0, fwd.length);
    o = putBytes(out, o, B_X_FORWARDED_PROTO_PORT);
    o = putInt(out, o, ctx.localPort);
    o = putBytes(out, o, B_VIA);
    if (via) {
      o = putRun(out, o, via, 0, via.length);
      o = putBytes(out, o, B_LIST_SEP);
    }
    o = putBytes(out, o, B_OUR_VIA_END);
  }
  // What depends on the block alone, kept for the connection's next request with the same block, once
  // it has come twice (a block seen once is likely a one-off: copying it would be wasted). Not with a
  // Host of the app's, which another app port would give differently.
  if (parts !== null && head.host !== null && parts.writes++ > 0) {
    parts.section = new Uint8Array(out.subarray(sectionStart, sectionEnd));
    parts.closing = new Uint8Array(out.subarray(closingStart, o));
    parts.closingIp = ctx.clientIp;
    parts.closingPort = ctx.localPort;
  }
  HEAD_OUT.out = out;
  HEAD_OUT.length = o;
  return HEAD_OUT;
}

/** "METHOD target HTTP/1.1\r\n" at out[0…]; returns the end. */
function putRequestLine(out: Buffer, method: string, target: string): number {
  let o = put(out, 0, method);
  out[o++] = 32;
  o = putRun(out, o, target, 0, target.length);
  return putBytes(out, o, B_HTTP11_CRLF);
}

/**
 * writeUpstreamHead for a header block seen before on this connection: its bytes around the id and
 * time are kept (`parts.section` and `parts.closing` are set).
 */
function repeatUpstreamHead(method: string, target: string, ctx: RequestContext, parts: BlockParts): HeadOut {
  const section = parts.section as Uint8Array;
  const closing = parts.closing as Uint8Array;
  const bound = method.length + target.length + section.length + ctx.requestId.length + closing.length + MAX_INT_BYTES + 64;
  const out = scratchFree(bound) ? SCRATCH : Buffer.allocUnsafe(bound);
  let o: number;
  const line = parts.line;
  if (line !== null && method === parts.lineMethod && target === parts.lineTarget) {
    o = putBytes(out, 0, line);
  } else {
    o = putRequestLine(out, method, target);
    o = putBytes(out, o, section);
    o = putBytes(out, o, B_X_REQUEST_ID);
    // Kept when the same method and target come twice in a row (a client polling one URL).
    const again = method === parts.lineMethod && target === parts.lineTarget;
    parts.line = again && out === SCRATCH ? new Uint8Array(out.subarray(0, o)) : null;
    parts.lineMethod = method;
    parts.lineTarget = target;
  }
  o = putText(out, o, ctx.requestId);
  o = putBytes(out, o, B_X_REQUEST_START);
  o = putMs(out, o, ctx.startMs);
  o = putBytes(out, o, closing);
  HEAD_OUT.out = out;
  HEAD_OUT.length = o;
  return HEAD_OUT;
}

export type ClientFraming = 'none' | 'length' | 'chunked' | 'close';

/** The response head sent to the client. `framing` is how the router will deliver the body. */
export function clientResponseHead(res: ResponseHead, framing: ClientFraming, close: boolean, upgrade: boolean): string {
  let out = `HTTP/1.1 ${res.status} ${res.reason}\r\n`;
  let via = '';
  const block = res.block;
  let run = 0;
  for (const h of res.headers) {
    let keep = !stripped(h, res);
    if (keep && h.kind === VIA_FIELD) {
      via = via ? `${via}, ${h.value}` : h.value;
      keep = false;
    }
    if (keep && h.canonical) continue;
    if (run < h.start) out += block.slice(run, h.start);
    if (keep) out += `${h.name}: ${h.value}\r\n`;
    run = h.end;
  }
  if (run < block.length) out += run === 0 ? block : block.slice(run);
  // A bodiless response (HEAD, 304) still reports the representation's length if the dyno gave one.
  if (res.contentLength >= 0 && (framing === 'length' || framing === 'none')) out += `Content-Length: ${res.contentLength}\r\n`;
  else if (framing === 'chunked') out += 'Transfer-Encoding: chunked\r\n';
  if (upgrade) out += 'Connection: Upgrade\r\nUpgrade: websocket\r\n';
  else if (close) out += 'Connection: close\r\n';
  out += `Via: ${via ? `${via}, ${VIA}` : VIA}\r\n\r\n`;
  return out;
}

/** Interim (1xx) responses are relayed as-is minus hop-by-hop fields. */
export function interimHead(res: ResponseHead): string {
  let out = `HTTP/1.1 ${res.status} ${res.reason}\r\n`;
  for (const h of res.headers) if (!stripped(h, res)) out += `${h.name}: ${h.value}\r\n`;
  return `${out}\r\n`;
}
