// The sample's web process. Every dyno answers with its own name, so scaling `web` up and
// reloading shows the router spreading requests over the dynos. No dependencies.
const http = require('node:http');

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0) {
  console.error('PORT is not set: run this with Dynodesk (it gives every web dyno its own port).');
  process.exit(1);
}
const dyno = process.env.DYNO || 'web.?';
const startedAt = Date.now();
let served = 0;

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function page(req) {
  const url = new URL(req.url || '/', 'http://sample.localhost');
  const refresh = url.searchParams.get('refresh') === '1';
  const uptime = Math.round((Date.now() - startedAt) / 1000);
  const requestId = req.headers['x-request-id'] || 'none';
  const hue = [...dyno].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${refresh ? '<meta http-equiv="refresh" content="1">' : ''}
<title>Served by ${escapeHtml(dyno)}</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: hsl(${hue} 60% 96%); color: #1d1b29; }
  @media (prefers-color-scheme: dark) { body { background: hsl(${hue} 30% 14%); color: #f1eefc; } }
  main { text-align: center; padding: 2rem; }
  h1 { font-size: clamp(2rem, 6vw, 4rem); margin: 0 0 .5rem; }
  .dyno { color: hsl(${hue} 65% 45%); }
  dl { display: grid; grid-template-columns: auto auto; gap: .25rem 1rem; justify-content: center; margin: 1.5rem 0; }
  dt { opacity: .7; text-align: right; } dd { margin: 0; text-align: left; font-family: ui-monospace, monospace; }
  a { color: inherit; }
  .greeting { font-size: 1.25rem; font-weight: 600; }
</style>
</head>
<body>
<main>
  <h1>Served by <span class="dyno">${escapeHtml(dyno)}</span></h1>
  <p class="greeting">${escapeHtml(process.env.GREETING || 'Hello')}!</p>
  <p>This is Dynodesk's sample app: a web process and a worker, run as dynos behind the local router.</p>
  <dl>
    <dt>process id</dt><dd>${process.pid}</dd>
    <dt>requests this dyno served</dt><dd>${served}</dd>
    <dt>dyno uptime</dt><dd>${uptime} s</dd>
    <dt>request id</dt><dd>${escapeHtml(requestId)}</dd>
  </dl>
  <p>Scale <strong>web</strong> to 3 in Dynodesk, then ${refresh ? '<a href="/">stop auto-refresh</a>' : '<a href="/?refresh=1">auto-refresh every second</a>'} to watch the router take turns.</p>
</main>
</body>
</html>
`;
}

const server = http.createServer((req, res) => {
  served += 1;
  if (req.url === '/whoami') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ dyno, pid: process.pid, served }) + '\n');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(page(req));
});

server.listen(port, '127.0.0.1', () => {
  console.log(`${dyno} listening on port ${port}`);
});

// Dynodesk sends SIGTERM before stopping a dyno: finish in-flight requests, then exit.
process.on('SIGTERM', () => {
  console.log(`${dyno} received SIGTERM, shutting down`);
  server.close(() => process.exit(0));
  server.closeIdleConnections?.();
});
