import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer, connect } from 'node:net';
import { mkdir, symlink } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { staticServerCommand, staticServerScript } from '../../../electron/engine/build/index.js';
import { fixture, tempApp } from './helpers.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

interface Running {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Start the server the way a dyno would (through the shell, with $PORT) and wait for its banner. */
async function startServer(dir: string): Promise<Running> {
  const port = await freePort();
  const child = spawn('/bin/sh', ['-c', `exec ${staticServerCommand(dir)}`], {
    env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Static file server: serving')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => { output += c.toString(); });
    child.once('exit', (code) => reject(new Error(`static server exited with ${code}: ${output}`)));
  });
  return {
    port,
    child,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

function get(port: number, path: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Send a request line byte for byte (http.request would refuse some of these targets). */
function rawGet(port: number, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    let data = '';
    socket.on('data', (c: Buffer) => { data += c.toString('latin1'); });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

describe('static server', { skip: process.platform === 'win32' ? 'spawns through /bin/sh' : false }, () => {
  let server: Running;
  before(async () => {
    server = await startServer(fixture('app-static'));
  });
  after(async () => {
    await server.stop();
  });

  it('is a plain .mjs file next to the build code', () => {
    assert.match(staticServerScript(), /electron[\\/]engine[\\/]build[\\/]static-server\.mjs$/);
  });

  it('serves index.html for / with the right content type', async () => {
    const r = await get(server.port, '/');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(r.body, /Hello from app-static/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.ok(r.headers['etag']);
    assert.ok(r.headers['last-modified']);
  });

  it('serves css and json with their types', async () => {
    const css = await get(server.port, '/style.css');
    assert.equal(css.status, 200);
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    const json = await get(server.port, '/sub/data.json?cache=bust');
    assert.equal(json.headers['content-type'], 'application/json; charset=utf-8');
    assert.deepEqual(JSON.parse(json.body), { fixture: 'app-static', ok: true });
  });

  it('redirects a folder without its slash, then serves its index.html', async () => {
    const r = await get(server.port, '/sub?x=1');
    assert.equal(r.status, 301);
    assert.equal(r.headers['location'], '/sub/?x=1');
    const page = await get(server.port, '/sub/');
    assert.equal(page.status, 200);
    assert.match(page.body, /Subfolder page/);
  });

  it('answers 404 with an HTML page for missing files', async () => {
    const r = await get(server.port, '/nope.html');
    assert.equal(r.status, 404);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(r.body, /404 Not Found/);
  });

  it('answers HEAD without a body, and refuses other methods', async () => {
    const head = await get(server.port, '/style.css', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.ok(Number(head.headers['content-length']) > 0);
    const post = await get(server.port, '/', { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers['allow'], 'GET, HEAD');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await get(server.port, '/style.css');
    const etag = String(first.headers['etag']);
    const again = await get(server.port, '/style.css', { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.body, '');
  });

  it('refuses traversal attempts, raw and encoded', async () => {
    const targets = [
      '/../../etc/passwd',
      '/sub/../../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      '/..%2f..%2f..%2fetc%2fpasswd',
      '/..%5c..%5cetc%5cpasswd',
      '/%252e%252e/etc/passwd',
      '/sub/%2e%2e/%2e%2e/etc/passwd',
      '/etc/passwd%00.html',
      '//etc/passwd',
      'http://127.0.0.1/../../etc/passwd',
      '/%c0%ae%c0%ae/etc/passwd',
    ];
    for (const target of targets) {
      const reply = await rawGet(server.port, target);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1]);
      assert.ok(status === 400 || status === 404, `${target} → ${status}`);
      assert.doesNotMatch(reply, /root:/, `${target} leaked /etc/passwd`);
    }
  });

  it('does not open-redirect protocol-relative paths', async () => {
    const reply = await rawGet(server.port, '//sub');
    assert.match(reply, /^HTTP\/1\.1 301/);
    assert.match(reply, /\r\nLocation: \/sub\/\r\n/);
  });
});

describe('static server: site contents', { skip: process.platform === 'win32' ? 'spawns through /bin/sh' : false }, () => {
  it('hides dotfiles, refuses symlinks out of the site, and uses a custom 404.html', async () => {
    const site = await tempApp({
      'index.html': 'home',
      '.env': 'SECRET=1',
      '.git/config': '[core]',
      '.well-known/security.txt': 'Contact: x',
      '404.html': '<h1>custom missing page</h1>',
      'inner/page.txt': 'inner',
    });
    await symlink('/etc/passwd', `${site.dir}/passwd-link`);
    await symlink(`${site.dir}/inner`, `${site.dir}/inner-link`);
    const server = await startServer(site.dir);
    try {
      for (const path of ['/.env', '/.git/config', '/%2eenv', '/passwd-link']) {
        const r = await get(server.port, path);
        assert.equal(r.status, 404, path);
        assert.equal(r.body, '<h1>custom missing page</h1>', path);
      }
      assert.equal((await get(server.port, '/.well-known/security.txt')).status, 200);
      assert.equal((await get(server.port, '/inner-link/page.txt')).body, 'inner', 'symlinks inside the site still work');
      const txt = await get(server.port, '/inner/page.txt');
      assert.equal(txt.headers['content-type'], 'text/plain; charset=utf-8');
    } finally {
      await server.stop();
      await site.cleanup();
    }
  });

  it('never follows a symlinked index.html or 404.html out of the site', async () => {
    const outside = await tempApp({ 'secret.txt': 'OUTSIDE-SECRET', 'missing.html': 'OUTSIDE-404' });
    const site = await tempApp({ 'sub/page.txt': 'fine', 'real-index.html': 'inside index' });
    await mkdir(`${site.dir}/sub2`);
    await mkdir(`${site.dir}/sub3`);
    await symlink(`${outside.dir}/secret.txt`, `${site.dir}/index.html`);
    await symlink('/etc/passwd', `${site.dir}/sub2/index.html`);
    await symlink(`${outside.dir}/missing.html`, `${site.dir}/404.html`);
    // A link that stays inside the site is still followed.
    await symlink(`${site.dir}/real-index.html`, `${site.dir}/sub3/index.html`);
    const server = await startServer(site.dir);
    try {
      for (const path of ['/', '/sub2/', '/nope.html']) {
        const r = await get(server.port, path);
        assert.equal(r.status, 404, path);
        assert.match(r.body, /404 Not Found/, `${path} answers with the built-in page, not the linked 404.html`);
        assert.doesNotMatch(r.body, /OUTSIDE|root:/, `${path} leaked a file from outside the site`);
      }
      assert.equal((await get(server.port, '/sub3/')).body, 'inside index');
    } finally {
      await server.stop();
      await site.cleanup();
      await outside.cleanup();
    }
  });

  it('exits with a clear message without PORT', async () => {
    const child = spawn(process.execPath, [staticServerScript(), fixture('app-static')], { env: { PATH: process.env['PATH'] ?? '' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    assert.equal(code, 1);
    assert.match(err, /PORT must be set/);
  });
});
