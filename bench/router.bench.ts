// Router benchmark, against nginx (one worker, upstream keep-alive) in the same run, on three
// workloads: hello-world answered with a Content-Length, the same answered chunked, and a realistic
// mix (bench/router-load.ts). Each is measured through the router started in-process (`router`) and
// through the product as users run it (`serve`: `dynodesk serve` with the app deployed through the
// CLI, requests on the shared port with a Host header). Then memory growth while streaming 1 GB
// through the router to a slow reader. Needs Debian's `wrk` and `nginx` (nginx-light).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_APP_SETTINGS } from '../shared/defaults.js';
import { startRouter } from '../electron/engine/router/index.js';
import { askOsForPort as freePort } from '../electron/engine/dynos/port-allocator.js';
import { startDyno } from '../tests/engine/router/helpers.js';
import { MIX_SCRIPT, nginxConf, quantile, serveWithApp, startNginx, which, wrk, type Serve, type WrkResult } from './router-load.js';

/** Per run; the acceptance targets are stated for wrk -t1 -c32 -d5s, median of 5 rounds. */
const DURATION = process.env.BENCH_DURATION ?? '5s';
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const STREAM_BYTES = 1024 ** 3;

interface Workload {
  name: string;
  path: string;
  script?: string;
  /** router req/s over nginx's at least this, p99 over nginx's at most p99 */
  rps: number;
  p99?: number;
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
  let serve: Serve | null = null;
  try {
    const mixScript = join(dir, 'mix.lua');
    writeFileSync(mixScript, MIX_SCRIPT);
    const workloads: Workload[] = [
      { name: 'hello (Content-Length)', path: '/', rps: 0.75 },
      { name: 'hello (chunked)', path: '/chunked', rps: 0.65 },
      { name: 'realistic mix', path: '/', script: mixScript, rps: 0.9, p99: 2 },
    ];
    const hello = await startDyno('web.1', 'router-hello');
    children.push(hello.proc);
    const nginxPort = await freePort();
    children.push(await startNginx(nginxPath, dir, nginxPort, nginxConf(dir, nginxPort, hello.port)));
    router = await startRouter({ port: 0, host: '127.0.0.1', requestTimeoutMs: 30_000, bootTimeoutMs: 60_000, forbiddenPorts: [] });
    await router.setTable([{ name: 'hello', port: 0, settings: DEFAULT_APP_SETTINGS, dynos: [{ name: 'web.1', port: hello.port, state: 'up' }] }]);
    serve = await serveWithApp(dir);

    const targets = { nginx: nginxPort, router: router.port, serve: serve.port };
    const run = (w: Workload, port: number, duration = DURATION): Promise<WrkResult> =>
      wrk(wrkPath, `http://127.0.0.1:${port}${w.path}`, { host: 'hello.localhost', script: w.script, duration });
    console.log(`wrk -t1 -c32 -d${DURATION}, ${ROUNDS} round(s), nginx and the router in the same run (ratios: medians, quartiles of the rounds)`);
    let failed = false;
    for (const w of workloads) {
      // Warm-up, untimed: the router's JIT and young-generation sizing settle within a second or two.
      for (const port of Object.values(targets)) await run(w, port, '2s');
      const ratios = { router: { rps: [] as number[], p99: [] as number[] }, serve: { rps: [] as number[], p99: [] as number[] } };
      const rows: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const base = await run(w, targets.nginx);
        rows.push(`    nginx  ${base.rps.toFixed(0).padStart(7)} req/s  p99 ${base.p99Ms.toFixed(2).padStart(6)} ms ${base.errors}`);
        for (const k of ['router', 'serve'] as const) {
          const r = await run(w, targets[k]);
          ratios[k].rps.push(r.rps / base.rps);
          ratios[k].p99.push(r.p99Ms / base.p99Ms);
          rows.push(`    ${k.padEnd(6)} ${r.rps.toFixed(0).padStart(7)} req/s  p99 ${r.p99Ms.toFixed(2).padStart(6)} ms  /nginx ${(r.rps / base.rps).toFixed(2)} ${r.errors}`);
        }
      }
      console.log(`  ${w.name}:`);
      for (const row of rows) console.log(row);
      for (const k of ['router', 'serve'] as const) {
        const rps = quantile(ratios[k].rps, 0.5);
        const p99 = quantile(ratios[k].p99, 0.5);
        const okRps = rps >= w.rps;
        const okP99 = w.p99 === undefined || p99 <= w.p99;
        if (!okRps || !okP99) failed = true;
        const q = (xs: number[]): string => `${quantile(xs, 0.25).toFixed(2)}-${quantile(xs, 0.75).toFixed(2)}`;
        console.log(`    ${k}/nginx req/s ${rps.toFixed(3)} (quartiles ${q(ratios[k].rps)}; target >= ${w.rps}) ${okRps ? 'OK' : 'MISS'}`
          + `   p99 ${p99.toFixed(2)} (quartiles ${q(ratios[k].p99)}${w.p99 ? `; target <= ${w.p99}` : ''})${w.p99 ? (okP99 ? ' OK' : ' MISS') : ''}`);
      }
    }
    if (process.env.BENCH_SKIP_STREAM) return failed ? 1 : 0;

    const echo = await startDyno('web.1', 'router-echo');
    children.push(echo.proc);
    await router.setTable([{ name: 'stream', port: 0, settings: DEFAULT_APP_SETTINGS, dynos: [{ name: 'web.1', port: echo.port, state: 'up' }] }]);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const t0 = Date.now();
    const got = await slowReader(router.port, 'stream.localhost', `/length?bytes=${STREAM_BYTES}`);
    clearInterval(sampler);
    const growthMb = (peak - before) / 1024 ** 2;
    console.log(`stream 1 GB through the router to a slow reader: ${got === STREAM_BYTES ? 'complete' : `INCOMPLETE (${got} bytes)`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    console.log(`  memory growth (rss peak - start): ${growthMb.toFixed(1)} MB  (target < 64) ${growthMb < 64 ? 'OK' : 'MISS'}`);
    return got === STREAM_BYTES && !failed ? 0 : 1;
  } finally {
    await router?.stop();
    await serve?.stop();
    for (const c of children) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
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

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
