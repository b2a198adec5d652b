// Router benchmark: the hello-world dyno behind nothing, behind nginx (upstream keep-alive), and behind
// our router, with the same wrk load in the same run; then memory growth while streaming 1 GB through
// the router to a slow reader. Targets: router/nginx req/s ≥ 0.8, router p99 / nginx p99 ≤ 2,
// memory growth < 64 MB. Needs Debian's `wrk` and `nginx` (nginx-light).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DEFAULT_APP_SETTINGS } from '../shared/defaults.js';
import { startRouter } from '../electron/engine/router/index.js';

const FIXTURES = fileURLToPath(new URL('../tests/fixtures/', import.meta.url));
const DURATION = process.env.BENCH_DURATION ?? '10s';
const STREAM_BYTES = 1024 ** 3;

function which(cmd: string): string | null {
  for (const p of [`/usr/bin/${cmd}`, `/usr/sbin/${cmd}`, `/usr/local/bin/${cmd}`, `/usr/local/sbin/${cmd}`]) {
    if (spawnSync('test', ['-x', p]).status === 0) return p;
  }
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function startFixture(fixture: string, name: string): Promise<{ port: number; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [`${FIXTURES}${fixture}/server.js`], {
    env: { ...process.env, PORT: '0', DYNO: name }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    proc.once('exit', (c) => reject(new Error(`${fixture} exited ${c}`)));
  });
  return { port, proc };
}

async function waitListening(port: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(true)); // in use: it is listening
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`nothing listening on ${port}`);
}

interface WrkResult { rps: number; p99Ms: number; errors: string }

function parseMs(s: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(s);
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
}

function wrk(wrkPath: string, url: string, host?: string): Promise<WrkResult> {
  const args = ['-t1', '-c32', `-d${DURATION}`, '--latency', ...(host ? ['-H', `Host: ${host}`] : []), url];
  return new Promise((resolve, reject) => {
    const p = spawn(wrkPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`wrk exited ${code}\n${out}`));
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
      const p99 = parseMs(/\s99%\s+([\d.]+\w+)/.exec(out)?.[1] ?? '');
      const errors = /Socket errors:.*|Non-2xx.*/g.exec(out)?.[0] ?? '';
      resolve({ rps, p99Ms: p99, errors });
    });
  });
}

function nginxConf(dir: string, listen: number, upstream: number): string {
  const t = (n: string): string => join(dir, n);
  return `daemon off;
master_process off;
worker_processes 1;
pid ${t('nginx.pid')};
error_log ${t('error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${t('body')};
  proxy_temp_path ${t('proxy')};
  fastcgi_temp_path ${t('fastcgi')};
  uwsgi_temp_path ${t('uwsgi')};
  scgi_temp_path ${t('scgi')};
  upstream dyno { server 127.0.0.1:${upstream}; keepalive 64; }
  server {
    listen 127.0.0.1:${listen};
    location / {
      proxy_pass http://dyno;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
}

/** A reader that takes 1 GB slowly (pausing between bursts), in its own process. */
function slowReader(port: number, host: string, path: string): Promise<number> {
  const code = `
    const s = require('net').connect(${port}, '127.0.0.1', () => s.write('GET ${path} HTTP/1.1\\r\\nHost: ${host}\\r\\nConnection: close\\r\\n\\r\\n'));
    let n = 0, since = 0, head = -1, pre = Buffer.alloc(0);
    s.on('data', (d) => {
      if (head < 0) { pre = Buffer.concat([pre, d]); const i = pre.indexOf('\\r\\n\\r\\n'); if (i < 0) return; head = i + 4; d = pre.subarray(head); }
      n += d.length; since += d.length;
      if (since > 8 * 1024 * 1024) { since = 0; s.pause(); setTimeout(() => s.resume(), 20); } });
    s.on('close', () => { console.log(n); });
    s.on('error', (e) => { console.error(e.message); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (c) => (c === 0 ? resolve(Number(out.trim())) : reject(new Error(`slow reader exited ${c}`))));
  });
}

async function main(): Promise<number> {
  const wrkPath = which('wrk');
  const nginxPath = which('nginx');
  if (!wrkPath || !nginxPath) {
    console.log(`router bench needs wrk and nginx (apt-get install wrk nginx-light): wrk=${wrkPath ?? 'missing'} nginx=${nginxPath ?? 'missing'}`);
    return 1;
  }
  const dir = mkdtempSync(join(tmpdir(), 'dynodesk-bench-'));
  const children: ChildProcess[] = [];
  let router: Awaited<ReturnType<typeof startRouter>> | null = null;
  try {
    const hello = await startFixture('router-hello', 'web.1');
    children.push(hello.proc);
    const nginxPort = await freePort();
    writeFileSync(join(dir, 'nginx.conf'), nginxConf(dir, nginxPort, hello.port));
    const nginx = spawn(nginxPath, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], { stdio: 'inherit' });
    children.push(nginx);
    await waitListening(nginxPort);

    router = await startRouter({ port: 0, host: '127.0.0.1', requestTimeoutMs: 30_000, bootTimeoutMs: 60_000, forbiddenPorts: [] });
    await router.setTable([{ name: 'hello', port: 0, settings: DEFAULT_APP_SETTINGS, dynos: [{ name: 'web.1', port: hello.port, state: 'up' }] }]);
    let logLines = 0;
    router.onLog((ls) => (logLines += ls.length));

    console.log(`wrk -t1 -c32 -d${DURATION}, hello-world dyno, same run`);
    const direct = await wrk(wrkPath, `http://127.0.0.1:${hello.port}/`);
    const viaNginx = await wrk(wrkPath, `http://127.0.0.1:${nginxPort}/`);
    // The main thread's event-loop delay while the router is saturated: what the control API would feel.
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const viaRouter = await wrk(wrkPath, `http://127.0.0.1:${router.port}/`, 'hello.localhost');
    loop.disable();
    const row = (name: string, r: WrkResult): void =>
      console.log(`  ${name.padEnd(8)} ${r.rps.toFixed(0).padStart(8)} req/s   p99 ${r.p99Ms.toFixed(2).padStart(7)} ms ${r.errors}`);
    row('direct', direct);
    row('nginx', viaNginx);
    row('router', viaRouter);
    const rpsRatio = viaRouter.rps / viaNginx.rps;
    const p99Ratio = viaRouter.p99Ms / viaNginx.p99Ms;
    console.log(`  router/nginx req/s   ${rpsRatio.toFixed(2)}  (target >= 0.8) ${rpsRatio >= 0.8 ? 'OK' : 'MISS'}`);
    console.log(`  router/nginx p99     ${p99Ratio.toFixed(2)}  (target <= 2)   ${p99Ratio <= 2 ? 'OK' : 'MISS'}`);
    console.log(`  main-thread event-loop delay p99 while saturated: ${(loop.percentile(99) / 1e6).toFixed(1)} ms (target < 50)`);
    console.log(`  router log lines received: ${logLines}`);

    const echo = await startFixture('router-echo', 'web.1');
    children.push(echo.proc);
    await router.setTable([{ name: 'stream', port: 0, settings: DEFAULT_APP_SETTINGS, dynos: [{ name: 'web.1', port: echo.port, state: 'up' }] }]);
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const t0 = Date.now();
    const got = await slowReader(router.port, 'stream.localhost', `/length?bytes=${STREAM_BYTES}`);
    clearInterval(sampler);
    const growthMb = (peak - before) / 1024 ** 2;
    const secs = (Date.now() - t0) / 1000;
    console.log(`stream 1 GB through the router to a slow reader: ${got === STREAM_BYTES ? 'complete' : `INCOMPLETE (${got} bytes)`} in ${secs.toFixed(1)} s`);
    console.log(`  memory growth (rss peak - start): ${growthMb.toFixed(1)} MB  (target < 64) ${growthMb < 64 ? 'OK' : 'MISS'}`);
    return got === STREAM_BYTES ? 0 : 1;
  } finally {
    await router?.stop();
    for (const c of children) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
