// Response headers for everything the dashboard serves. No CORS headers anywhere: only our own origin may read.
import { randomBytes } from 'node:crypto';
import { NONCE_PLACEHOLDER, buildCsp } from '../../../shared/csp.js';

export { NONCE_PLACEHOLDER };

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The shared renderer CSP; the page talks to the engine over this dashboard's WebSocket. */
export function contentSecurityPolicy(port: number, nonce: string): string {
  return buildCsp(nonce, `'self' ws://127.0.0.1:${port} ws://localhost:${port}`);
}

export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
