// Serves the built renderer (dist/renderer) on app://dynodesk/ with a strict CSP. A privileged
// standard scheme gives the renderer a real origin (storage, fetch of its own assets) without
// file://'s extra powers.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { protocol } from 'electron';
import { COMMON_HEADERS } from '../host/dashboard/headers.js';
import { APP_SCHEME, resolveAppRequest } from './app-protocol.js';
import { newNonce, NONCE_PLACEHOLDER, rendererCsp } from './csp.js';
import { RENDERER_MISSING_PAGE } from './renderer-missing-page.js';

/** Must run before app 'ready'. */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}


export function serveRenderer(rendererDir: string): () => void {
  protocol.handle(APP_SCHEME, async (request) => {
    // Every response carries a CSP; the nonce only matters for the HTML document.
    const nonce = newNonce();
    const headers = { ...COMMON_HEADERS, 'Cache-Control': 'no-cache', 'Content-Security-Policy': rendererCsp(nonce) };
    const r = resolveAppRequest(request.url, request.method, rendererDir);
    if (!r.ok) return new Response(null, { status: r.status, headers });
    let body: Uint8Array<ArrayBuffer> | string;
    try {
      body = new Uint8Array(await readFile(r.file));
    } catch {
      // A source checkout that never ran `npm run build:renderer`: say so instead of a blank window.
      const missingIndex = r.file === join(rendererDir, 'index.html');
      const page = missingIndex ? RENDERER_MISSING_PAGE : 'Not found';
      return new Response(page, { status: 404, headers: { ...headers, 'Content-Type': missingIndex ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8' } });
    }
    if (r.file.endsWith('.html')) body = new TextDecoder().decode(body).split(NONCE_PLACEHOLDER).join(nonce);
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: { ...headers, 'Content-Type': r.contentType } });
  });
  return () => protocol.unhandle(APP_SCHEME);
}
