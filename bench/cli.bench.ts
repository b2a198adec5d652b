// CLI start-up targets from issue 15, measured with hyperfine against `node -e 0` in the same run:
//   `dynodesk --help`                         ≤ 2.5 × the median of `node -e 0`
//   `dynodesk ps --json` with a running engine ≤ 2.5 × the median of `node -e 0`
//   `dynodesk serve` until it prints "Router:"  < 1 s
// plus, for the record, what the bin's "is the bundle older than its sources?" check costs.
// Runs the real bin (bin/dynodesk.mjs → dist-cli/) as a user would; needs `hyperfine`.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRendererBuilt } from '../e2e/support/renderer-build.js';
import { tempDir } from '../tests/helpers/tmp.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'dynodesk.mjs');
const runs = Number(process.env.BENCH_CLI_RUNS ?? 40);
const serveRounds = Number(process.env.BENCH_ROUNDS ?? 9);
const results: { name: string; value: string; target: string; pass: boolean }[] = [];
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2; };

if (spawnSync('hyperfine', ['--version']).status !== 0) {
  console.error('cli bench: needs hyperfine (apt-get install hyperfine, brew install hyperfine)');
  process.exit(1);
}
const dir = tempDir('ddcb');
const env = { ...process.env, DYNODESK_HOME: dir.path, DYNODESK_NO_BROWSER: '1' };

// The bundle is fresh and the UI built before anything is timed, so no run pays for a build.
const warm = spawnSync(process.execPath, [bin, '--version'], { env, encoding: 'utf8' });
if (warm.status !== 0) throw new Error(`dynodesk --version failed: ${warm.stderr}`);
await ensureRendererBuilt();

interface Serve { stop(): Promise<void> }

/** `dynodesk serve`; resolves with the time until "Router:" was printed and a way to stop it. */
function serve(): Promise<{ ms: number; server: Serve }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [bin, 'serve', '--router-port', '0', '--dashboard-port', '0', '--grace', '2'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    let out = '';
    child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
    let ms = 0;
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (!ms && out.includes('Router:')) ms = performance.now() - t0;
      if (out.includes('Press Ctrl-C')) {
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        resolve({ ms, server: { stop: async () => { child.kill('SIGINT'); await exited; } } });
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before it was ready:\n${out}`)));
  });
}

function report(name: string, value: string, target: string, pass: boolean): void {
  results.push({ name, value, target, pass });
}

let running: Serve | null = null;
try {
  // serve → "Router:", one cold-ish first start discarded.
  const times: number[] = [];
  for (let i = 0; i <= serveRounds; i++) {
    const { ms, server } = await serve();
    await server.stop();
    if (i > 0) times.push(ms);
  }
  const serveMs = median(times);
  report('`dynodesk serve` until "Router:"', `${serveMs.toFixed(0)} ms`, '< 1000 ms', serveMs < 1000);

  // A running engine with one app for `ps --json`.
  running = (await serve()).server;
  const deployed = spawnSync(process.execPath, [bin, 'deploy', join(root, 'tests', 'fixtures', 'app-node'), '--name', 'bench'], { env, encoding: 'utf8' });
  if (deployed.status !== 0) throw new Error(`deploy failed: ${deployed.stderr}`);

  const json = join(dir.path, 'hyperfine.json');
  const commands = ['node -e 0', `node ${bin} --help`, `node ${bin} ps --json -a bench`];
  const hf = spawnSync('hyperfine', ['-N', '--warmup', '5', '--runs', String(runs), '--export-json', json, ...commands], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  if (hf.status !== 0) throw new Error('hyperfine failed');
  const data = JSON.parse(readFileSync(json, 'utf8')) as { results: { command: string; median: number; times: number[] }[] };
  const [base, help, ps] = data.results.map((r) => r.median * 1000);
  if (base === undefined || help === undefined || ps === undefined) throw new Error('hyperfine gave fewer results than commands');
  console.log(`\nmedians over ${runs} runs: node -e 0 ${base.toFixed(1)} ms, --help ${help.toFixed(1)} ms, ps --json ${ps.toFixed(1)} ms`);
  report('`dynodesk --help` vs `node -e 0`', `${(help / base).toFixed(2)}×`, '≤ 2.5×', help / base <= 2.5);
  report('`dynodesk ps --json` (engine running) vs `node -e 0`', `${(ps / base).toFixed(2)}×`, '≤ 2.5×', ps / base <= 2.5);

  // What every run of the bin pays to know the bundle is not older than its sources.
  const { cliBundleState } = await import('../scripts/cli-freshness.mjs');
  const checks: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    cliBundleState(root, join(root, 'dist-cli'));
    checks.push(performance.now() - t0);
  }
  const inputs = (JSON.parse(readFileSync(join(root, 'dist-cli', 'inputs.json'), 'utf8')) as { inputs: string[] }).inputs.length;
  report(`bundle freshness check (${inputs} files stat'ed)`, `${median(checks).toFixed(2)} ms`, 'info', true);
} finally {
  await running?.stop();
  dir.remove();
}

console.log('\ncli benchmark');
for (const r of results) console.log(`  ${r.target === 'info' ? 'INFO' : r.pass ? 'PASS' : 'FAIL'}  ${r.name.padEnd(52)} ${r.value.padStart(10)}   ${r.target === 'info' ? '' : `(target ${r.target})`}`);
process.exit(results.every((r) => r.pass) ? 0 : 1);
