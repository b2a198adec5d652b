// Heroku's http-session-affinity: a router cookie pins a client to the web dyno that first answered it.
// Used only when an app turns the feature on; with it off nothing here runs.
//
// The cookie's value is an opaque token: an HMAC of the app, the dyno's name and its port (a dyno's
// port is new with every generation) under a key drawn when the router starts. A client cannot name
// a dyno of its choosing, nor reuse a token against another app, and only ever sees tokens the router
// gave out. A restarted dyno or a restarted router makes old tokens point nowhere: the request is
// balanced as usual and answered with a fresh cookie, as Heroku does when a dyno goes away.
import { createHmac, randomBytes } from 'node:crypto';
import { OTHER } from './field-kind.js';
import type { RequestHead } from './http-head.js';
import type { DynoRuntime } from './routing-table.js';

export const AFFINITY_COOKIE = 'dynodesk-session-affinity';

// Per router start: tokens need not outlive the worker that issued them.
const KEY = randomBytes(32);
/** 128 bits of HMAC, base64url: plenty against guessing, short in every request. */
const TOKEN_BYTES = 16;
/** Tokens are cached per dyno generation: computing an HMAC per request would be waste. */
const tokens = new WeakMap<DynoRuntime, string>();

/** The dyno's token (the cookie value that routes to it). */
function affinityToken(d: DynoRuntime): string {
  let t = tokens.get(d);
  if (t === undefined) {
    t = createHmac('sha256', KEY).update(`${d.app}\0${d.name}\0${String(d.port)}`).digest().subarray(0, TOKEN_BYTES).toString('base64url');
    tokens.set(d, t);
  }
  return t;
}

/** The dyno the client's router cookie names, in whatever state; null without a cookie that names one. */
export function pinnedDyno(head: RequestHead, dynos: readonly DynoRuntime[]): DynoRuntime | null {
  for (const h of head.headers) {
    if (h.kind !== OTHER || !h.named('cookie')) continue;
    const value = cookieValue(h.value, AFFINITY_COOKIE);
    if (value === null) continue;
    for (const d of dynos) if (!d.removed && d.port !== null && affinityToken(d) === value) return d;
  }
  return null;
}

/**
 * The value of cookie `name` in one Cookie field (RFC 6265 §4.2.1: pairs separated by ";" and
 * optional spaces). Names compare exactly; a DQUOTEd value is unquoted. null: not there.
 */
export function cookieValue(field: string, name: string): string | null {
  let i = 0;
  while (i < field.length) {
    let end = field.indexOf(';', i);
    if (end === -1) end = field.length;
    let s = i;
    while (s < end && (field.charCodeAt(s) === 32 || field.charCodeAt(s) === 9)) s++;
    const eq = field.indexOf('=', s);
    if (eq !== -1 && eq < end && eq - s === name.length && field.startsWith(name, s)) {
      let e = end;
      while (e > eq + 1 && (field.charCodeAt(e - 1) === 32 || field.charCodeAt(e - 1) === 9)) e--;
      const v = field.slice(eq + 1, e);
      return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
    }
    i = end + 1;
  }
  return null;
}

/**
 * The Set-Cookie line that pins the client to `d`. Secure only over HTTPS: a browser drops a Secure
 * cookie set over plain HTTP, so the pin would never come back. HttpOnly: page scripts have no use for it.
 */
export function affinitySetCookie(d: DynoRuntime, https: boolean): string {
  return `Set-Cookie: ${AFFINITY_COOKIE}=${affinityToken(d)}; Path=/; HttpOnly; SameSite=Lax${https ? '; Secure' : ''}\r\n`;
}
