#!/usr/bin/env node
// Dynodesk's built-in static file server: the `web` process of static sites.
// Plain JavaScript with no dependencies, because it runs on whatever `node` is on the PATH,
// outside the engine. Usage: PORT=5000 node static-server.mjs <folder>
import { createReadStream, promises as fsp, realpathSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.zip': 'application/zip',
};

function fail(message) {
  process.stderr.write(`static-server: ${message}\n`);
  process.exit(1);
}

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0 || port > 65535) fail('PORT must be set to a TCP port number');
if (!process.argv[2]) fail('usage: PORT=5000 node static-server.mjs <folder>');
let root;
try {
  root = realpathSync(resolve(process.argv[2]));
} catch (err) {
  fail(`cannot open ${process.argv[2]}: ${err.message}`);
}

/** Inside `root` (after symlinks are resolved)? The one check between a request and the disk. */
function contained(file) {
  const rel = relative(root, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** Map a request target to a path below root, or an HTTP status explaining why not. */
function targetPath(url) {
  let raw = url;
  if (!raw.startsWith('/')) {
    // absolute-form (`GET http://host/path`); anything else (`*`, garbage) is not a file request.
    try {
      raw = new URL(raw).pathname;
    } catch {
      return { status: 400 };
    }
  }
  raw = raw.replace(/[?#].*$/s, '');
  let decoded;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return { status: 400 };
  }
  // NUL and backslashes never name a file in a site; both are classic traversal tricks.
  if (decoded.includes('\0') || decoded.includes('\\')) return { status: 400 };
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return { status: 400 };
  // Dotfiles (.env, .git) hold secrets, not pages; .well-known is the standard exception.
  if (segments.some((s) => s.startsWith('.') && s !== '.well-known')) return { status: 404 };
  const file = resolve(root, ...segments);
  if (!contained(file)) return { status: 400 };
  return { file, raw, trailingSlash: decoded.endsWith('/') };
}

const NOT_FOUND_PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>404 Not Found</title></head>'
  + '<body style="font-family:system-ui,sans-serif;margin:4em auto;max-width:36em;color:#333">'
  + '<h1>404 Not Found</h1><p>There is no file at this address.</p></body></html>\n';

function sendText(req, res, status, body, type = 'text/plain; charset=utf-8', extra = {}) {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'X-Content-Type-Options': 'nosniff', ...extra });
  res.end(req.method === 'HEAD' ? undefined : body);
}

const REASONS = { 400: 'Bad Request', 403: 'Forbidden', 405: 'Method Not Allowed', 500: 'Internal Server Error' };

async function sendNotFound(req, res) {
  const custom = await resolveInside(join(root, '404.html'));
  if (custom && custom.info.isFile()) return sendFile(req, res, custom.file, custom.info, 404);
  return sendText(req, res, 404, NOT_FOUND_PAGE, 'text/html; charset=utf-8');
}

/**
 * The real path and stats of `file`, or null when it is missing or its real path leaves the site.
 * Every file sent (pages, index files, the 404 page) comes from here: a symlink inside the site
 * must never serve a file outside it.
 */
async function resolveInside(file) {
  let real;
  try {
    real = await fsp.realpath(file);
  } catch {
    return null;
  }
  if (!contained(real)) return null;
  try {
    return { file: real, info: await fsp.stat(real) };
  } catch {
    return null;
  }
}

function sendFile(req, res, file, info, status = 200) {
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const lastModified = info.mtime.toUTCString();
  const headers = {
    'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Last-Modified': lastModified,
    ETag: etag,
    // Revalidate every time: a redeploy must show new files immediately.
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  };
  if (status === 200 && isFresh(req, etag, info.mtime)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  headers['Content-Length'] = info.size;
  res.writeHead(status, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  pipeline(createReadStream(file), res, (err) => {
    if (err) res.destroy();
  });
}

function isFresh(req, etag, mtime) {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) return inm.split(',').some((t) => t.trim() === etag || t.trim() === '*');
  const ims = req.headers['if-modified-since'];
  if (ims !== undefined) {
    const since = Date.parse(ims);
    return !Number.isNaN(since) && Math.floor(mtime.getTime() / 1000) * 1000 <= since;
  }
  return false;
}

async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendText(req, res, 405, `${REASONS[405]}\n`, undefined, { Allow: 'GET, HEAD' });
  }
  const target = targetPath(req.url ?? '/');
  if (target.status === 404) return sendNotFound(req, res);
  if (target.status) return sendText(req, res, target.status, `${REASONS[target.status]}\n`);
  let found = await resolveInside(target.file);
  if (!found) return sendNotFound(req, res);
  if (found.info.isDirectory()) {
    if (!target.trailingSlash) {
      // Relative links in the index page need the slash. Leading slashes collapsed: `//host` would be an open redirect.
      const query = (req.url ?? '').match(/\?.*$/s)?.[0] ?? '';
      const location = `/${target.raw.replace(/^\/+/, '')}/${query}`;
      return sendText(req, res, 301, `Moved to ${location}\n`, undefined, { Location: location });
    }
    found = await resolveInside(join(found.file, 'index.html'));
    if (!found) return sendNotFound(req, res);
  }
  if (!found.info.isFile()) return sendNotFound(req, res);
  return sendFile(req, res, found.file, found.info);
}

const server = createServer((req, res) => {
  handle(req, res).catch((err) => {
    process.stderr.write(`static-server: ${req.method} ${req.url}: ${err.message}\n`);
    if (!res.headersSent) sendText(req, res, 500, `${REASONS[500]}\n`);
    else res.destroy();
  });
});
server.on('error', (err) => fail(`cannot listen on 127.0.0.1:${port}: ${err.message}`));
// Loopback only: the router in front of it is the app's public face.
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`Static file server: serving ${root} on http://127.0.0.1:${port}\n`);
});

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
