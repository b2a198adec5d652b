// HTTPS benchmark: the hello-world dyno behind the router's TLS listener and behind nginx terminating TLS
// (same certificate: a leaf from a fresh local CA; upstream keep-alive), with the same wrk load in the
// same run, in alternating rounds. Reports router/nginx req/s and p99 (medians over the rounds).
// Needs Debian's `wrk` and `nginx` (nginx-light has the ssl module).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_APP_SETTINGS } from '../shared/defaults.js';
import { LeafMinter } from '../electron/engine/certs/leaf.js';
import { loadOrCreateCa } from '../electron/engine/certs/local-ca.js';
import { askOsForPort as freePort } from '../electron/engine/dynos/port-allocator.js';
import { startRouter } from '../electron/engine/router/index.js';
import { startDyno } from '../tests/engine/router/helpers.js';

const DURATION = process.env.BENCH_DURATION ?? '6s';
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));

function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd} || ls /usr/sbin/${cmd} 2>/dev/null`], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? (r.stdout.trim().split('\n')[0] as string) : null;
}

async function waitListening(port: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ port, host: '127.0.0.1' }, () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
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

function wrk(wrkPath: string, port: number, duration = DURATION): Promise<WrkResult> {
  const args = ['-t1', '-c32', `-d${duration}`, '--latency', '-H', 'Host: hello.localhost', `https://127.0.0.1:${port}/`];
  return new Promise((resolve, reject) => {
    const p = spawn(wrkPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`wrk exited ${code}\n${out}`));
      resolve({
        rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
        p99Ms: parseMs(/\s99%\s+([\d.]+\w+)/.exec(out)?.[1] ?? ''),
        errors: /Socket errors:.*|Non-2xx.*/g.exec(out)?.[0] ?? '',
      });
    });
  });
}

function nginxConf(dir: string, port: number, upstream: number, cert: string, key: string): string {
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
    listen 127.0.0.1:${port} ssl;
    ssl_certificate ${cert};
    ssl_certificate_key ${key};
    ssl_protocols TLSv1.2 TLSv1.3;
    location / {
      proxy_pass http://dyno;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Port $server_port;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }
  }
}
`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

async function main(): Promise<number> {
  const wrkPath = which('wrk');
  const nginxPath = which('nginx');
  if (!wrkPath || !nginxPath) {
    console.log(`tls bench needs wrk and nginx (apt-get install wrk nginx-light): wrk=${wrkPath ?? 'missing'} nginx=${nginxPath ?? 'missing'}`);
    return 1;
  }
  const dir = mkdtempSync(join(tmpdir(), 'dynodesk-tls-bench-'));
  const children: ChildProcess[] = [];
  let router: Awaited<ReturnType<typeof startRouter>> | null = null;
  try {
    const ca = await loadOrCreateCa(dir);
    const leaf = await new LeafMinter(ca.certPem, ca.keyPem).mint('hello.localhost');
    writeFileSync(join(dir, 'leaf.crt'), leaf.certPem);
    writeFileSync(join(dir, 'leaf.key'), leaf.keyPem, { mode: 0o600 });
    const hello = await startDyno('web.1', 'router-hello');
    children.push(hello.proc);
    const nginxPort = await freePort();
    writeFileSync(join(dir, 'nginx.conf'), nginxConf(dir, nginxPort, hello.port, join(dir, 'leaf.crt'), join(dir, 'leaf.key')));
    const nginx = spawn(nginxPath, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], { stdio: 'inherit' });
    children.push(nginx);
    await waitListening(nginxPort);
    router = await startRouter({
      port: 0, host: '127.0.0.1', requestTimeoutMs: 30_000, bootTimeoutMs: 60_000, forbiddenPorts: [],
      tls: { port: 0, optional: false, caCertPem: ca.certPem, caKeyPem: ca.keyPem },
    });
    await router.setTable([{ name: 'hello', port: 0, settings: DEFAULT_APP_SETTINGS, dynos: [{ name: 'web.1', port: hello.port, state: 'up' }] }]);
    const tlsPort = router.tlsPort as number;
    console.log(`wrk -t1 -c32 -d${DURATION} over TLS (keep-alive), hello-world dyno, same run, ${ROUNDS} rounds (ratios: medians)`);
    // Warm-up, untimed (JIT, TLS session setup).
    await wrk(wrkPath, nginxPort, '2s');
    await wrk(wrkPath, tlsPort, '2s');
    const rps: number[] = [];
    const p99: number[] = [];
    const row = (name: string, r: WrkResult, extra = ''): void =>
      console.log(`  ${name.padEnd(12)} ${r.rps.toFixed(0).padStart(8)} req/s   p99 ${r.p99Ms.toFixed(2).padStart(7)} ms ${extra} ${r.errors}`);
    for (let i = 0; i < ROUNDS; i++) {
      const n = await wrk(wrkPath, nginxPort);
      row('nginx tls', n);
      const r = await wrk(wrkPath, tlsPort);
      row('router tls', r, `/nginx ${(r.rps / n.rps).toFixed(2)}`);
      rps.push(r.rps / n.rps);
      p99.push(r.p99Ms / n.p99Ms);
    }
    console.log(`  router/nginx over TLS: req/s ${median(rps).toFixed(3)}   p99 ${median(p99).toFixed(3)}`);
    return 0;
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
