// Resolving app://dynodesk/<path> to a file of the built renderer (dist/renderer), without Electron,
// so the traversal guard is unit-testable.
import { extname, resolve, sep } from 'node:path';
import { contentTypeFor } from '../../shared/content-types.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'dynodesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;


export type AppRequestResolution =
  | { ok: true; file: string; contentType: string }
  | { ok: false; status: 400 | 403 | 404 | 405 };


/**
 * Map a request URL to a file under `rootDir`. Paths without an extension fall back to
 * index.html (client-side routes); anything escaping rootDir is refused.
 */
export function resolveAppRequest(rawUrl: string, method: string, rootDir: string): AppRequestResolution {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405 };
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false, status: 403 };
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  // A NUL or backslash in a decoded path is never a real asset and can confuse path handling.
  if (pathname.includes('\0') || pathname.includes('\\')) return { ok: false, status: 400 };
  let relative = pathname.replace(/^\/+/, '');
  if (relative === '' || (extname(relative) === '' && !relative.endsWith('/'))) relative = 'index.html';
  if (relative.endsWith('/')) relative += 'index.html';
  const root = resolve(rootDir);
  const file = resolve(root, relative);
  if (file !== root && !file.startsWith(root + sep)) return { ok: false, status: 403 };
  return { ok: true, file, contentType: contentTypeFor(file) };
}
