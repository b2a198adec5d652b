// Dyno supervisor benchmark (issue 2 targets, measured on the Supervisor alone, no engine around it):
//   scale the 100 ms-boot fixture 0 → 10 web dynos, all `up`     < 1.5 s
//   a dyno flooding output for 10 s (a subscriber acking like a UI):
//     event-loop delay p99 < 50 ms, memory growth < 100 MB, list() latency (max < 100 ms), flood rate ≥ 20 MB/s
//   20 idle web dynos for 10 s: this process's CPU < 1 %, RSS < 150 MB
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Supervisor } from '../electron/engine/dynos/supervisor.js';
import type { ProcessRelease, SupervisorHooks } from '../electron/engine/dynos/types.js';

const FIXTURES = fileURLToPath(new URL('../tests/fixtures/', import.meta.url));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const results: Array<{ name: string; value: string; target: string; pass: boolean }> = [];
function report(name: string, value: number, unit: string, target: number, lowerIsBetter = true): void {
  results.push({
    name, value: `${value.toFixed(2)} ${unit}`, target: `${lowerIsBetter ? '<' : '≥'} ${target} ${unit}`,
    pass: lowerIsBetter ? value < target : value >= target,
  });
}
function note(name: string, value: string): void {
  results.push({ name, value, target: '', pass: true });
}
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

function release(fixture: string, commands: Record<string, string>): ProcessRelease {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return { version: 1, cwd: join(FIXTURES, fixture), env, commands, memoryQuotaMb: 512 };
}

let outputBytes = 0;
let changeListener: (() => void) | null = null;
const hooks: SupervisorHooks = {
  dynosChanged: () => changeListener?.(),
  // What the engine's log hub does per chunk is its own cost; here we only count.
  output: (_app, _dyno, data) => { outputBytes += data.length; },
  lifecycle: () => undefined,
  crashed: () => undefined,
  beforeStop: async () => undefined,
  routingChanged: () => undefined,
  rolloutStopped: () => undefined,
};

const dataDir = mkdtempSync(join(tmpdir(), 'dynos-bench-'));
const sup = new Supervisor({ dataDir, bootTimeoutMs: 60_000, graceMs: 3000, hooks });
const web = release('dyno-web', { web: 'node server.cjs' });

/** Resolves when `n` web dynos are up; checked on every change the supervisor reports. */
function allUp(app: string, n: number): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (sup.list(app).filter((d) => d.state === 'up').length === n) {
        changeListener = null;
        resolve();
      }
    };
    changeListener = check;
    check();
  });
}

try {
  // 1. Scale 0 → 10, three rounds (node's own start-up dominates; report the median and the worst).
  const rounds: number[] = [];
  for (let round = 0; round < 3; round++) {
    await sup.apply('scaler', web, { web: 0 });
    await sup.settled('scaler');
    const t0 = performance.now();
    await sup.apply('scaler', web, { web: 10 });
    await allUp('scaler', 10);
    rounds.push((performance.now() - t0) / 1000);
  }
  report('scale 0→10 web dynos, all up (median of 3)', pct(rounds, 50), 's', 1.5);
  report('scale 0→10 web dynos, all up (worst of 3)', Math.max(...rounds), 's', 1.5);
  await sup.removeApp('scaler');

  // 2. Flood for 10 s with a terminal subscriber that acknowledges what it gets, like xterm does.
  await sup.apply('flood', release('dyno-flood', { worker: 'node flood.cjs' }), { worker: 1 });
  await sup.settled('flood');
  let subscriberBytes = 0;
  let sub: ReturnType<typeof sup.openTerminal> | null = null;
  sub = sup.openTerminal('flood', 'worker.1', {
    data: (d) => { subscriberBytes += d.length; sub?.ack(d.length); },
    exit: () => undefined,
  });
  await sleep(1000); // let it reach steady state before the baseline
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const listLatency: number[] = [];
  const bytes0 = outputBytes;
  const f0 = performance.now();
  while (performance.now() - f0 < 10_000) {
    const s = performance.now();
    sup.list('flood');
    listLatency.push(performance.now() - s);
    peak = Math.max(peak, process.memoryUsage().rss);
    await sleep(100);
  }
  loop.disable();
  const secs = (performance.now() - f0) / 1000;
  const rate = (outputBytes - bytes0) / secs / 1e6;
  sub.close();
  const stats = sup.terminalStats('flood', 'worker.1');
  await sup.removeApp('flood');
  report('flood rate through pty → scrollback → subscriber', rate, 'MB/s', 20, false);
  report('event-loop delay p99 during flood', loop.percentile(99) / 1e6, 'ms', 50);
  report('memory growth during flood (peak RSS − start)', (peak - rss0) / 1024 / 1024, 'MB', 100);
  report('list() max latency during flood', Math.max(...listLatency), 'ms', 100);
  note('list() p99 latency during flood', `${pct(listLatency, 99).toFixed(3)} ms`);
  note('subscriber received / scrollback held', `${(subscriberBytes / 1e6).toFixed(0)} MB / ${(stats.scrollbackBytes / 1024).toFixed(0)} KB`);

  // 3. 20 idle web dynos: the supervisor's own overhead (metrics sampling and tree tracking included).
  await sup.apply('idle', web, { web: 20 });
  await sup.settled('idle');
  await sleep(3500); // past the first metrics sample
  const cpu0 = process.cpuUsage();
  const i0 = performance.now();
  let idlePeak = process.memoryUsage().rss;
  while (performance.now() - i0 < 10_000) {
    await sleep(500);
    idlePeak = Math.max(idlePeak, process.memoryUsage().rss);
  }
  const cpu = process.cpuUsage(cpu0);
  const idleCpu = ((cpu.user + cpu.system) / 1000 / (performance.now() - i0)) * 100;
  const sampled = sup.list('idle').filter((d) => d.memoryBytes !== null).length;
  report('CPU with 20 idle dynos (this process, 10 s)', idleCpu, '%', 1);
  report('RSS with 20 idle dynos (this process, peak)', idlePeak / 1024 / 1024, 'MB', 150);
  note('dynos with metrics after sampling', `${sampled}/20`);
} finally {
  await sup.shutdown();
  rmSync(dataDir, { recursive: true, force: true });
}

console.log('\ndyno supervisor benchmark');
for (const r of results) {
  const verdict = r.target ? (r.pass ? 'PASS' : 'FAIL') : '    ';
  console.log(`  ${verdict}  ${r.name.padEnd(52)} ${r.value.padStart(14)}   ${r.target ? `(target ${r.target})` : ''}`);
}
process.exit(results.every((r) => r.pass) ? 0 : 1);
