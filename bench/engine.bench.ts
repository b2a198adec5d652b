// Engine targets from issue 2 (and the router's control-plane target from issue 3), measured on a real engine:
//   scale 0 → 10 web dynos (100 ms boot) all up     < 1.5 s
//   a dyno flooding output for 10 s: event-loop p99 < 50 ms, memory growth < 100 MB, `ps` < 100 ms
//   20 idle dynos: engine CPU < 1 %, RSS < 150 MB
//   router saturated by wrk: `ps` p99 < 50 ms
import { spawn, spawnSync } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Engine } from '../electron/engine/engine.js';
import { startControlServer } from '../electron/host/control-server.js';
import { connectControl } from '../electron/host/control-client.js';
import type { DynoDTO } from '../shared/types.js';
import { tempDir } from '../tests/helpers/tmp.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../tests/fixtures/${name}`, import.meta.url));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const results: { name: string; value: string; target: string; pass: boolean }[] = [];
const report = (name: string, value: number, unit: string, target: number, lowerIsBetter = true): void => {
  results.push({ name, value: `${value.toFixed(unit === '%' ? 2 : 1)} ${unit}`, target: `${lowerIsBetter ? '<' : '≥'} ${target} ${unit}`, pass: lowerIsBetter ? value < target : value >= target });
};
const pct = (xs: number[], p: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0; };

const dir = tempDir('ddb');
const engine = await Engine.open({ dataDir: dir.path, routerPort: 0, graceS: 3 });
const control = await startControlServer(engine);
const cli = await connectControl(dir.path);
const client = engine.connect(() => undefined);
const call = async <T>(cmd: string, args: unknown): Promise<T> => {
  const r = await client.invoke(cmd, args);
  if (!r.ok) throw new Error(`${cmd}: ${r.error.message}`);
  return r.value as T;
};
const waitUp = async (app: string, n: number, type = 'web'): Promise<void> => {
  for (;;) {
    const dynos = await call<DynoDTO[]>('ps.list', { app });
    if (dynos.filter((d) => d.type === type && d.state === 'up').length === n) return;
    await sleep(5);
  }
};

try {
  // 1. Scale 0 → 10.
  await call('apps.deploy', { path: fixture('dyno-web'), name: 'scaler' });
  await call('ps.scale', { app: 'scaler', formation: { web: 0 } });
  await sleep(500);
  const t0 = performance.now();
  await call('ps.scale', { app: 'scaler', formation: { web: 10 } });
  await waitUp('scaler', 10);
  report('scale 0→10 web dynos, all up', (performance.now() - t0) / 1000, 's', 1.5);

  // 2. Idle: 20 dynos doing nothing (measured before any load has grown the heaps).
  await call('ps.scale', { app: 'scaler', formation: { web: 20 } });
  await waitUp('scaler', 20);
  // Idle means settled: start-up work (module compilation, V8 optimisation, first GCs) is over.
  await sleep(20_000);
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  await sleep(10_000);
  const cpu = process.cpuUsage(c0);
  report('engine CPU with 20 idle dynos', ((cpu.user + cpu.system) / 1000 / (performance.now() - w0)) * 100, '%', 1);
  report('engine RSS with 20 idle dynos', process.memoryUsage().rss / 1024 / 1024, 'MB', 150);
  await call('ps.scale', { app: 'scaler', formation: { web: 10 } });
  await waitUp('scaler', 10);

  // 3. Router saturated: the control API must still answer quickly.
  const wrk = spawnSync('which', ['wrk']).status === 0;
  if (wrk) {
    const routerPort = engine.routerPort;
    const load = spawn('wrk', ['-t1', '-c32', '-d8s', '-H', 'Host: scaler.localhost', `http://127.0.0.1:${routerPort}/`], { stdio: 'ignore' });
    await sleep(1000);
    const lat: number[] = [];
    const until = Date.now() + 6000;
    while (Date.now() < until) {
      const s = performance.now();
      await cli.call('ps.list', { app: 'scaler' });
      lat.push(performance.now() - s);
      await sleep(20);
    }
    await new Promise((r) => load.on('exit', r));
    report('`ps` p99 while wrk saturates the router', pct(lat, 99), 'ms', 50);
  } else {
    console.log('wrk not installed: skipping the saturated-router measurement (apt-get install wrk)');
  }

  await call('ps.scale', { app: 'scaler', formation: { web: 1 } });

  // 4. Flood: one dyno printing as fast as it can, with a terminal subscriber that keeps up.
  await call('apps.deploy', { path: fixture('dyno-flood'), name: 'flood' });
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  let bytes = 0;
  const watcher = engine.connect((ev) => {
    if (ev.event === 'terminal.data') {
      bytes += ev.payload.data.length;
      void watcher.invoke('terminal.ack', { app: 'flood', dyno: 'worker.1', bytes: ev.payload.data.length });
    }
  });
  await call('ps.scale', { app: 'flood', formation: { worker: 1 } });
  await waitUp('flood', 1, 'worker');
  await watcher.invoke('terminal.open', { app: 'flood', dyno: 'worker.1' });
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const psLat: number[] = [];
  let peak = rss0;
  const f0 = performance.now();
  while (performance.now() - f0 < 10_000) {
    const s = performance.now();
    await cli.call('ps.list', { app: 'flood' });
    psLat.push(performance.now() - s);
    peak = Math.max(peak, process.memoryUsage().rss);
    await sleep(100);
  }
  h.disable();
  const secs = (performance.now() - f0) / 1000;
  watcher.close();
  await call('ps.scale', { app: 'flood', formation: { worker: 0 } });
  report('flood rate through the terminal path', bytes / secs / 1e6, 'MB/s', 20, false);
  report('event-loop delay p99 during flood', h.percentile(99) / 1e6, 'ms', 50);
  report('engine memory growth during flood', (peak - rss0) / 1024 / 1024, 'MB', 100);
  report('`ps` max latency during flood', Math.max(...psLat), 'ms', 100);
} finally {
  cli.close();
  client.close();
  await control.close();
  await engine.close();
  dir.remove();
}

console.log('\nengine benchmark');
for (const r of results) console.log(`  ${r.pass ? 'PASS' : 'FAIL'}  ${r.name.padEnd(48)} ${r.value.padStart(12)}   (target ${r.target})`);
process.exit(results.every((r) => r.pass) ? 0 : 1);
