// Response headers for everything the dashboard serves. No CORS headers anywhere: only our own origin may read.
import { randomBytes } from 'node:crypto';

/** Placeholder in the built index.html, replaced by a fresh nonce on every response. */
export const NONCE_PLACEHOLDER = '__DYNODESK_CSP_NONCE__';

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * Strict CSP: scripts only from our origin, never inline or eval. Styles from our origin, plus
 * <style> elements carrying this response's nonce (xterm.js creates those at runtime; the renderer
 * stamps them with the nonce it reads from a meta tag).
 */
export function contentSecurityPolicy(port: number, nonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
