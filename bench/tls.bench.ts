// HTTPS benchmark: the hello-world dyno behind the router's TLS listener and behind nginx terminating TLS
// (same certificate: a leaf from a fresh local CA; upstream keep-alive), with the same wrk load in the
// same run, in alternating rounds. Reports router/nginx req/s and p99 (medians over the rounds).
// Needs Debian's `wrk` and `nginx` (nginx-light has the ssl module).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_APP_SETTINGS } from '../shared/defaults.js';
import { LeafMinter } from '../electron/engine/certs/leaf.js';
import { loadOrCreateCa } from '../electron/engine/certs/local-ca.js';
import { askOsForPort as freePort } from '../electron/engine/dynos/port-allocator.js';
import { startRouter } from '../electron/engine/router/index.js';
import { startDyno } from '../tests/engine/router/helpers.js';
import { nginxConf, quantile, startNginx, which, wrk, type WrkResult } from './router-load.js';

const DURATION = process.env.BENCH_DURATION ?? '6s';
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));

/** wrk -t1 -c32 over HTTPS to 127.0.0.1:port, Host hello.localhost. */
function wrkTls(wrkPath: string, port: number, duration = DURATION): Promise<WrkResult> {
  return wrk(wrkPath, `https://127.0.0.1:${port}/`, { host: 'hello.localhost', duration });
}

const median = (xs: number[]): number => quantile(xs, 0.5);

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
    children.push(await startNginx(nginxPath, dir, nginxPort, nginxConf(dir, nginxPort, hello.port, { cert: join(dir, 'leaf.crt'), key: join(dir, 'leaf.key') })));
    router = await startRouter({
      port: 0, host: '127.0.0.1', requestTimeoutMs: 30_000, bootTimeoutMs: 60_000, forbiddenPorts: [],
      tls: { port: 0, optional: false, caCertPem: ca.certPem, caKeyPem: ca.keyPem },
    });
    await router.setTable([{ name: 'hello', port: 0, settings: DEFAULT_APP_SETTINGS, dynos: [{ name: 'web.1', port: hello.port, state: 'up' }] }]);
    const tlsPort = router.tlsPort as number;
    console.log(`wrk -t1 -c32 -d${DURATION} over TLS (keep-alive), hello-world dyno, same run, ${ROUNDS} rounds (ratios: medians)`);
    // Warm-up, untimed (JIT, TLS session setup).
    await wrkTls(wrkPath, nginxPort, '2s');
    await wrkTls(wrkPath, tlsPort, '2s');
    const rps: number[] = [];
    const p99: number[] = [];
    const row = (name: string, r: WrkResult, extra = ''): void =>
      console.log(`  ${name.padEnd(12)} ${r.rps.toFixed(0).padStart(8)} req/s   p99 ${r.p99Ms.toFixed(2).padStart(7)} ms ${extra} ${r.errors}`);
    for (let i = 0; i < ROUNDS; i++) {
      const n = await wrkTls(wrkPath, nginxPort);
      row('nginx tls', n);
      const r = await wrkTls(wrkPath, tlsPort);
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
