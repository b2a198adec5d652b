// The Content-Security-Policy sent with every app:// response.
// Scripts: only our own bundled files — no inline script, no eval, no remote code.
// Styles: our own stylesheets; `style-src-elem` additionally allows <style> elements because
// xterm.js creates them at run time for its grid metrics and theme (it offers no nonce hook).
// Style attributes in markup stay blocked (style-src-attr falls back to style-src).
// connect-src 'self' only: the renderer talks to the engine over IPC, never over the network.
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-elem 'self' 'unsafe-inline'",
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
