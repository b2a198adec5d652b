// The Content-Security-Policy of app:// responses, matching the browser dashboard's.
// Scripts: only our own bundled files — no inline script, no eval, no remote code.
// Styles: our own stylesheets plus <style> elements carrying this response's nonce: xterm.js
// creates those at run time, and the renderer stamps them with the nonce it reads from the
// index.html meta tag (renderer/csp-nonce.ts). No 'unsafe-inline' anywhere.
// connect-src 'self' only: the renderer talks to the engine over IPC, never over the network.
import { randomBytes } from 'node:crypto';

/** Placeholder in the built index.html, replaced by a fresh nonce on every response. */
export const NONCE_PLACEHOLDER = '__DYNODESK_CSP_NONCE__';

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function rendererCsp(nonce: string): string {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(nonce)) throw new Error('rendererCsp: the nonce must be base64 of at least 12 random bytes');
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
