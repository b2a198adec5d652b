// Serves the built renderer (dist/renderer) on app://dynodesk/ with a strict CSP. A privileged
// standard scheme gives the renderer a real origin (storage, fetch of its own assets) without
// file://'s extra powers.
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME, resolveAppRequest } from './app-protocol.js';
import { RENDERER_CSP } from './csp.js';

/** Must run before app 'ready'. */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};

export function serveRenderer(rendererDir: string): () => void {
  protocol.handle(APP_SCHEME, async (request) => {
    const r = resolveAppRequest(request.url, request.method, rendererDir);
    if (!r.ok) return new Response(null, { status: r.status, headers: SECURITY_HEADERS });
    try {
      const body = await readFile(r.file);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { ...SECURITY_HEADERS, 'Content-Type': r.contentType, 'Cache-Control': 'no-cache' },
      });
    } catch {
      return new Response('Not found', { status: 404, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
    }
  });
  return () => protocol.unhandle(APP_SCHEME);
}
