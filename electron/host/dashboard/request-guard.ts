// The dashboard's gatekeeping: exact Host/Origin allowlists and a per-launch bearer token.
// A page on any other origin (or a DNS-rebinding name pointing at 127.0.0.1) must not be able to drive the engine.
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';

export interface Allowlist {
  hosts: ReadonlySet<string>;
  origins: ReadonlySet<string>;
}

/** The only names the dashboard answers to: the loopback address and `localhost`, on its own port. */
export function allowlistFor(port: number): Allowlist {
  return {
    hosts: new Set([`127.0.0.1:${port}`, `localhost:${port}`]),
    origins: new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]),
  };
}

/** Exact match only: a rebinding attack arrives with the attacker's name in Host. */
export function hostAllowed(host: string | string[] | undefined, list: Allowlist): boolean {
  return typeof host === 'string' && list.hosts.has(host);
}

/**
 * Plain HTTP: Origin is optional (a top-level navigation omits it), but when a browser sends one it must be ours.
 * WebSocket: browsers always send Origin, so a missing one means a non-browser client we do not serve.
 */
export function originAllowed(origin: string | string[] | undefined, list: Allowlist, required: boolean): boolean {
  if (origin === undefined) return !required;
  return typeof origin === 'string' && list.origins.has(origin);
}

/** 32 random bytes, base64url: URL-fragment safe and unguessable. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison; hashing first makes the lengths equal so the length itself leaks nothing. */
export function tokenMatches(candidate: unknown, token: string): boolean {
  if (typeof candidate !== 'string') return false;
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}
