// Router benchmark: the hello-world dyno behind nothing, behind nginx (upstream keep-alive: once as a
// bare proxy, once doing the router's per-request work too), and behind our router, with the same wrk
// load in the same run; then memory growth while streaming 1 GB through the router to a slow reader.
// Targets: router/nginx req/s ≥ 0.8, router p99 / nginx p99 ≤ 2, memory growth < 64 MB.
// Needs Debian's `wrk` and `nginx` (nginx-light).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DEFAULT_APP_SETTINGS } from '../shared/defaults.js';
import { startRouter } from '../electron/engine/router/index.js';
import { askOsForPort as freePort } from '../electron/engine/dynos/ports.js';
import { startDyno } from '../tests/engine/router/helpers.js';

/** Per run. Shorter runs, more rounds: on a shared VM the load from others drifts over tens of seconds. */
const DURATION = process.env.BENCH_DURATION ?? '6s';
const STREAM_BYTES = 1024 ** 3;
/** nginx/router pairs run back to back; the ratios reported are the medians (the machine is shared and noisy). */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 9));
/** Linux clock ticks per second for /proc/…/stat CPU times (USER_HZ, 100 on every mainstream kernel). */
const CLK_TCK = 100;

function which(cmd: string): string | null {
  for (const p of [`/usr/bin/${cmd}`, `/usr/sbin/${cmd}`, `/usr/local/bin/${cmd}`, `/usr/local/sbin/${cmd}`]) {
    if (spawnSync('test', ['-x', p]).status === 0) return p;
  }
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
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

interface WrkResult { rps: number; p99Ms: number; requests: number; errors: string }

/** utime+stime of a process or thread in ms, from /proc (0 if unreadable). */
function cpuMs(statPath: string): number {
  try {
    // Field 2 (comm) may contain spaces: split after its closing paren. utime, stime are fields 14, 15.
    const rest = readFileSync(statPath, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** CPU ms of each of this process's threads (the router worker is one of them). */
function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) out.set(tid, cpuMs(`/proc/self/task/${tid}/stat`));
  return out;
}

/** CPU µs per request of the busiest thread of this process (the router worker) and of the whole process. */
function routerCpu(before: Map<string, number>, after: Map<string, number>, requests: number): { worker: number; total: number } {
  let worker = 0;
  let total = 0;
  for (const [tid, ms] of after) {
    const d = ms - (before.get(tid) ?? 0);
    total += d;
    worker = Math.max(worker, d);
  }
  return { worker: (worker * 1000) / requests, total: (total * 1000) / requests };
}

/** The q-quantile (0..1) of xs, linearly interpolated. */
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.min(s.length - 1, lo + 1);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (at - lo);
}

function median(xs: number[]): number {
  return quantile(xs, 0.5);
}

function parseMs(s: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(s);
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
}

function wrk(wrkPath: string, url: string, host?: string, duration = DURATION): Promise<WrkResult> {
  const args = ['-t1', '-c32', `-d${duration}`, '--latency', ...(host ? ['-H', `Host: ${host}`] : []), url];
  return new Promise((resolve, reject) => {
    const p = spawn(wrkPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`wrk exited ${code}\n${out}`));
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
      const p99 = parseMs(/\s99%\s+([\d.]+\w+)/.exec(out)?.[1] ?? '');
      const errors = /Socket errors:.*|Non-2xx.*/g.exec(out)?.[0] ?? '';
      const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
      resolve({ rps, p99Ms: p99, requests, errors });
    });
  });
}

/**
 * Two nginx servers on one worker process, proxying to the same dyno with upstream keep-alive:
 * - `plain` (the issue's baseline): no access log, only Host and Connection sent upstream.
 * - `same work`: what our router does per request as well: Heroku's request headers added
 *   (X-Request-Id, X-Request-Start, X-Forwarded-For/Proto/Port, Via) and one access-log line per
 *   request in the router's format, buffered (our log lines are batched too).
 */
function nginxConf(dir: string, plain: number, sameWork: number, upstream: number): string {
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
  log_format heroku 'at=info method=$request_method path="$request_uri" host=$host request_id=$request_id '
                    'fwd="$proxy_add_x_forwarded_for" dyno=$upstream_addr connect=$upstream_connect_time '
                    'service=$upstream_response_time status=$status bytes=$bytes_sent protocol=http';
  server {
    listen 127.0.0.1:${plain};
    location / {
      proxy_pass http://dyno;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
  server {
    listen 127.0.0.1:${sameWork};
    access_log ${t('access.log')} heroku buffer=64k flush=1s;
    location / {
      proxy_pass http://dyno;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Request-Id $request_id;
      proxy_set_header X-Request-Start $msec;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Port $server_port;
      proxy_set_header Via "1.1 nginx";
      add_header Via "1.1 nginx";
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
    const hello = await startDyno('web.1', 'router-hello');
    children.push(hello.proc);
    const nginxPort = await freePort();
    const nginxSameWorkPort = await freePort();
    writeFileSync(join(dir, 'nginx.conf'), nginxConf(dir, nginxPort, nginxSameWorkPort, hello.port));
    const nginx = spawn(nginxPath, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], { stdio: 'inherit' });
    children.push(nginx);
    await waitListening(nginxPort);
    await waitListening(nginxSameWorkPort);

    router = await startRouter({ port: 0, host: '127.0.0.1', requestTimeoutMs: 30_000, bootTimeoutMs: 60_000, forbiddenPorts: [] });
    await router.setTable([{ name: 'hello', port: 0, settings: DEFAULT_APP_SETTINGS, dynos: [{ name: 'web.1', port: hello.port, state: 'up' }] }]);
    let logLines = 0;
    router.onLog((ls) => (logLines += ls.length));

    console.log(`wrk -t1 -c32 -d${DURATION}, hello-world dyno, same run${ROUNDS > 1 ? `, ${ROUNDS} rounds (ratios: medians)` : ''}`);
    console.log('  (cpu: µs of CPU per request in the proxy; dyno: in the hello-world dyno)');
    const dynoStat = `/proc/${hello.proc.pid}/stat`;
    const nginxStat = `/proc/${nginx.pid}/stat`;
    const row = (name: string, r: WrkResult, cpu: string): void =>
      console.log(`  ${name.padEnd(8)} ${r.rps.toFixed(0).padStart(8)} req/s   p99 ${r.p99Ms.toFixed(2).padStart(7)} ms  ${cpu} ${r.errors}`);
    const us = (ms: number, n: number): string => ((ms * 1000) / n).toFixed(1);
    {
      const d0 = cpuMs(dynoStat);
      const direct = await wrk(wrkPath, `http://127.0.0.1:${hello.port}/`);
      row('direct', direct, `dyno ${us(cpuMs(dynoStat) - d0, direct.requests)}`);
    }
    const ratios = { plain: { rps: [] as number[], p99: [] as number[], cpu: [] as number[] }, same: { rps: [] as number[], p99: [] as number[], cpu: [] as number[] } };
    let loopP99 = 0;
    const viaNginx = async (label: string, port: number): Promise<{ r: WrkResult; cpuUs: number }> => {
      const n0 = cpuMs(nginxStat);
      const nd0 = cpuMs(dynoStat);
      const r = await wrk(wrkPath, `http://127.0.0.1:${port}/`, 'hello.localhost');
      const cpuUs = ((cpuMs(nginxStat) - n0) * 1000) / r.requests;
      row(label, r, `cpu ${cpuUs.toFixed(1)}  dyno ${us(cpuMs(dynoStat) - nd0, r.requests)}`);
      truncateSync(join(dir, 'access.log')); // the log's size is not what is being measured
      return { r, cpuUs };
    };
    // Warm-up, untimed: the router's JIT compiler and young-generation sizing settle within a second or
    // two of load (nginx has neither), and a benchmark compares steady states.
    for (const port of [nginxPort, router.port, nginxSameWorkPort]) await wrk(wrkPath, `http://127.0.0.1:${port}/`, 'hello.localhost', '2s');
    truncateSync(join(dir, 'access.log'));
    for (let round = 0; round < ROUNDS; round++) {
      const plain = await viaNginx('nginx', nginxPort);
      // The main thread's event-loop delay while the router is saturated: what the control API would feel.
      const loop = monitorEventLoopDelay({ resolution: 5 });
      loop.enable();
      const t0 = threadCpu();
      const rd0 = cpuMs(dynoStat);
      const viaRouter = await wrk(wrkPath, `http://127.0.0.1:${router.port}/`, 'hello.localhost');
      const rc = routerCpu(t0, threadCpu(), viaRouter.requests);
      loop.disable();
      loopP99 = Math.max(loopP99, loop.percentile(99) / 1e6);
      row('router', viaRouter, `cpu ${rc.worker.toFixed(1)} (worker; whole process ${rc.total.toFixed(1)})  dyno ${us(cpuMs(dynoStat) - rd0, viaRouter.requests)}  /nginx ${(viaRouter.rps / plain.r.rps).toFixed(2)}`);
      const same = await viaNginx('nginx=', nginxSameWorkPort);
      for (const [k, base] of [['plain', plain], ['same', same]] as const) {
        ratios[k].rps.push(viaRouter.rps / base.r.rps);
        ratios[k].p99.push(viaRouter.p99Ms / base.r.p99Ms);
        ratios[k].cpu.push(rc.total / base.cpuUs);
      }
    }
    console.log('  nginx: proxying only (no access log); nginx=: the same per-request work as the router (Heroku headers, one buffered log line)');
    const verdict = (ok: boolean): string => (ok ? 'OK' : 'MISS');
    for (const [k, label] of [['plain', 'nginx '], ['same', 'nginx=']] as const) {
      const rps = median(ratios[k].rps);
      const p99 = median(ratios[k].p99);
      const spread = ROUNDS >= 4 ? ` (rounds: quartiles ${quantile(ratios[k].rps, 0.25).toFixed(3)}-${quantile(ratios[k].rps, 0.75).toFixed(3)})` : '';
      console.log(`  router/${label} req/s ${rps.toFixed(3)}${spread} (target >= 0.8) ${verdict(rps >= 0.8)}   p99 ${p99.toFixed(3)} (target <= 2) ${verdict(p99 <= 2)}   cpu/req ${median(ratios[k].cpu).toFixed(2)}`);
    }
    console.log(`  main-thread event-loop delay p99 while saturated: ${loopP99.toFixed(1)} ms (target < 50)`);
    console.log(`  router log lines received: ${logLines}`);
    if (process.env.BENCH_SKIP_STREAM) return 0;

    const echo = await startDyno('web.1', 'router-echo');
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
