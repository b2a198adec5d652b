// The renderer's Content-Security-Policy, one list for both doors that serve it (Electron's app://
// protocol and the browser dashboard). Scripts only from our origin, never inline or eval; styles from
// our origin plus <style> elements carrying this response's nonce (xterm.js creates those at run time,
// and the renderer stamps them with the nonce it reads from the index.html meta tag).

/** Placeholder in the built index.html, replaced by a fresh nonce on every response. */
export const NONCE_PLACEHOLDER = '__DYNODESK_CSP_NONCE__';

/** connectSrc: where the page may open connections ("'self'" in Electron; the WebSocket in the browser). */
export function buildCsp(nonce: string, connectSrc: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connectSrc}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
