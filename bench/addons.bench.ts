// Add-on benchmark (issue 13 targets), on a real engine with the addon-app fixture:
//   first Postgres add-on on a fresh data dir (initdb + start + create + attach)   < 10 s
//   every later one                                                                < 1.5 s
//   engine start with an existing Postgres: open() until DATABASE_URL logs in      < 3 s
//   idle memory of postgres (all its processes, PSS) and of one redis-server       (reported)
//   a loop of SELECT 1 from a dyno over DATABASE_URL vs the same loop in a process   at most 20 % slower
// Attaching is a config release; the app runs no dynos while add-ons are created, so the times are
// the add-ons' own, not a web dyno's rolling restart.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Engine } from '../electron/engine/engine.js';
import { fixture, httpGet } from '../tests/helpers/engine.js';
import { tempDir } from '../tests/helpers/tmp.js';
import { waitFor } from '../tests/helpers/wait.js';

const results: Array<{ name: string; value: string; target: string; pass: boolean }> = [];
function report(name: string, value: number, unit: string, target: number): void {
  results.push({ name, value: `${value.toFixed(2)} ${unit}`, target: `< ${target} ${unit}`, pass: value < target });
}
function note(name: string, value: string): void {
  results.push({ name, value, target: '', pass: true });
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function call<T>(engine: Engine, cmd: string, args: unknown): Promise<T> {
  const client = engine.connect(() => undefined);
  try {
    const r = await client.invoke(cmd, args);
    if (!r.ok) throw new Error(`${cmd}: ${r.error.message}`);
    return r.value as T;
  } finally {
    client.close();
  }
}

/** Proportional set size of these processes together (shared memory counted once, split between them). */
function pssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      kb += Number(m?.[1] ?? 0);
    } catch { /* gone */ }
  }
  return kb / 1024;
}

function childrenOf(root: number): number[] {
  const out = [root];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === root) out.push(Number(pid));
    } catch { /* gone */ }
  }
  return out;
}

function pidByCommandLine(needle: string): number | null {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try { if (readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(needle)) return Number(pid); } catch { /* gone */ }
  }
  return null;
}

/** The same loop from a process of its own (not this one, whose event loop also runs the engine). */
function loopDirect(url: string, n: number): Promise<number> {
  const script = `const { Client } = require('pg');
    (async () => {
      const c = new Client({ connectionString: process.argv[1] }); await c.connect();
      // Warm, like the dyno's pooled connection: a new backend's first queries fill its caches.
      for (let i = 0; i < 2000; i++) await c.query('SELECT 1');
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < Number(process.argv[2]); i++) await c.query('SELECT 1');
      console.log(Number(process.hrtime.bigint() - t0) / 1e6); await c.end();
    })().catch((e) => { console.error(e.message); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    // The URL as an argument is fine in a benchmark's throwaway data directory.
    execFile(process.execPath, ['-e', script, url, String(n)], { cwd: fileURLToPath(new URL('..', import.meta.url)) }, (err, stdout) => {
      if (err) reject(err); else resolve(Number(stdout.trim()));
    });
  });
}

const home = tempDir('ddbench');
let engine = await Engine.open({ dataDir: home.path, routerPort: 0, graceS: 3 });
try {
  await call(engine, 'apps.deploy', { path: fixture('addon-app'), name: 'bench' });
  await call(engine, 'ps.scale', { app: 'bench', formation: { web: 0, worker: 0 } });

  let t0 = performance.now();
  await call(engine, 'addons.create', { app: 'bench', service: 'heroku-postgresql' });
  report('first Postgres add-on (initdb + start + create)', (performance.now() - t0) / 1000, 's', 10);
  const later: number[] = [];
  for (let i = 2; i <= 6; i++) {
    t0 = performance.now();
    await call(engine, 'addons.create', { app: 'bench', service: 'postgres', as: `DB${i}` });
    later.push((performance.now() - t0) / 1000);
  }
  report('later Postgres add-ons (slowest of 5)', Math.max(...later), 's', 1.5);
  t0 = performance.now();
  const redis = await call<{ addon: { name: string; port: number } }>(engine, 'addons.create', { app: 'bench', service: 'redis' });
  note('a Redis add-on (start + attach)', `${((performance.now() - t0) / 1000).toFixed(2)} s`);

  const url = (await call<Record<string, string>>(engine, 'config.get', { app: 'bench' })).DATABASE_URL ?? '';
  await engine.close();
  t0 = performance.now();
  engine = await Engine.open({ dataDir: home.path, routerPort: 0, graceS: 3 });
  note('  of which Engine.open (router, add-ons, formations)', `${((performance.now() - t0) / 1000).toFixed(2)} s`);
  await waitFor('a login over DATABASE_URL', async () => {
    const client = new pg.Client({ connectionString: url });
    try { await client.connect(); return true; } finally { await client.end().catch(() => undefined); }
  }, 10_000, 10);
  report('engine start with an existing Postgres: accepting logins', (performance.now() - t0) / 1000, 's', 3);

  await new Promise((r) => setTimeout(r, 3000));
  const postmaster = Number(readFileSync(join(home.path, 'addons', 'postgres', 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  note('idle postgres, all its processes (PSS)', `${pssMb(childrenOf(postmaster)).toFixed(1)} MB`);
  // redis-server retitles itself "redis-server 127.0.0.1:PORT".
  const redisPid = pidByCommandLine(`127.0.0.1:${redis.addon.port}`);
  note('idle redis-server, one add-on (PSS)', redisPid === null ? 'not found' : `${pssMb([redisPid]).toFixed(1)} MB`);

  await call(engine, 'ps.scale', { app: 'bench', formation: { web: 1 } });
  const n = 2000;
  await waitFor('the web dyno', async () => (await httpGet(engine.routerPort, 'bench.localhost', '/loop?n=500')).status === 200, 30_000);
  const fromDyno: number[] = [];
  const direct: number[] = [];
  for (let round = 0; round < 5; round++) {
    fromDyno.push(Number((await httpGet(engine.routerPort, 'bench.localhost', `/loop?n=${n}`)).body));
    direct.push(await loopDirect(url, n));
  }
  const ratio = median(fromDyno) / median(direct);
  note(`${n} × SELECT 1 from the dyno / from here (medians of 5)`, `${median(fromDyno).toFixed(0)} ms / ${median(direct).toFixed(0)} ms`);
  // What a dyno adds over a client of its own: nothing should (both are TCP to 127.0.0.1).
  report('dyno over DATABASE_URL vs direct (time ratio)', ratio, '×', 1.2);
} finally {
  await engine.close();
  home.remove();
}

console.log('\nadd-on benchmark');
for (const r of results) {
  const verdict = r.target ? (r.pass ? 'PASS' : 'FAIL') : '    ';
  console.log(`  ${verdict}  ${r.name.padEnd(60)} ${r.value.padStart(18)}   ${r.target ? `(target ${r.target})` : ''}`);
}
process.exit(results.every((r) => r.pass) ? 0 : 1);
