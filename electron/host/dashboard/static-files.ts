// Serves the built renderer: exact files under rendererDir, index.html for client-side routes,
// and a placeholder page while the UI is being built or when it is missing (ui-pages.ts).
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentTypeFor } from '../../../shared/content-types.js';
import { COMMON_HEADERS, NONCE_PLACEHOLDER, contentSecurityPolicy, newNonce } from './headers.js';
import { buildingPage, missingPage, placeholderCsp, type UiStatus } from './ui-pages.js';

const HTML = contentTypeFor('index.html');
const READY: UiStatus = { state: 'ready' };

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), ...extra });
  // HEAD: same headers (including the real length), no body.
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  send(res, status, 'text/plain; charset=utf-8', `${text}\n`, { 'Cache-Control': 'no-store' });
}

async function isFile(p: string): Promise<boolean> {
  try { return (await stat(p)).isFile(); } catch { return false; }
}

/** Map a URL path to a file strictly inside root, or null (traversal, encoded NULs, bad escapes). */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try { decoded = decodeURIComponent(urlPath); } catch { return null; }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const base = resolve(root);
  const full = resolve(join(base, decoded));
  if (full !== base && !full.startsWith(base + sep)) return null;
  return full;
}

/** `uiStatus` (from `dynodesk serve`) says whether the UI is being built; without it, the files decide. */
export async function serveRenderer(req: IncomingMessage, res: ServerResponse, rendererDir: string, port: number, uiStatus?: () => UiStatus): Promise<void> {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    sendText(res, 405, 'Method not allowed');
    return;
  }
  const urlPath = (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
  const indexPath = join(rendererDir, 'index.html');
  const nonce = newNonce();
  const htmlHeaders = { 'Content-Security-Policy': contentSecurityPolicy(port, nonce), 'Cache-Control': 'no-store' };

  const status = uiStatus?.() ?? READY;
  // While a build runs, a stale UI (one that may not match this engine) is not served either: the
  // page says it is building and reloads into the new UI once that is swapped in.
  if (status.state === 'building' || !(await isFile(indexPath))) {
    const page = status.state === 'building' ? buildingPage(nonce, status.log) : missingPage(nonce, status);
    send(res, 503, HTML, page, { 'Content-Security-Policy': placeholderCsp(nonce), 'Cache-Control': 'no-store', 'Retry-After': '1' });
    return;
  }
  const target = resolveInside(rendererDir, urlPath);
  if (target === null) {
    sendText(res, 400, 'Bad path');
    return;
  }
  const ext = extname(target);
  if (ext && ext !== '.html' && (await isFile(target))) {
    const body = await readFile(target);
    // Vite puts a content hash in asset names, so they can be cached for good.
    const cache = urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    send(res, 200, contentTypeFor(ext), body, { 'Cache-Control': cache });
    return;
  }
  if (ext && ext !== '.html') {
    sendText(res, 404, 'Not found');
    return;
  }
  // Client-side route (or the index itself): the single page, with a fresh nonce.
  const html = (await readFile(indexPath, 'utf8')).split(NONCE_PLACEHOLDER).join(nonce);
  send(res, 200, HTML, html, htmlHeaders);
}
