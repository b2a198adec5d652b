// Instructions per proxied request in the router's worker thread, counted by valgrind's callgrind:
// a deterministic measure (the same code gives the same count within ~2 %, whatever else the machine is
// doing), unlike req/s or CPU time on a shared VM. Use it to A/B a router change:
//   npx tsx bench/router-instructions.ts [other-checkout ...]
// measures this checkout and each other one (e.g. a `git worktree` of main) against the same dyno.
// Needs valgrind. Slow: about a minute per checkout (the router runs under valgrind).
// What it does: starts the hello-world dyno, runs the router under callgrind with instrumentation
// off, sends WARM keep-alive requests (the JIT settles), counts the next N requests, and reports the
// busiest thread (the router worker) per request. User-space instructions only (no syscalls); JIT
// tiering under valgrind still shows up as a few % of baseline-tier builtins.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDyno } from '../tests/engine/router/helpers.js';

const WARM = Number(process.env.WARM ?? 20_000);
const N = Number(process.env.N ?? 5_000);
const CONNS = 32;

/** Sends exactly `total` GETs over CONNS keep-alive connections; resolves when all are answered. */
function load(port: number, total: number): Promise<void> {
  const req = Buffer.from('GET / HTTP/1.1\r\nHost: hello.localhost\r\n\r\n', 'latin1');
  let sent = 0;
  let done = 0;
  return new Promise((resolveAll, reject) => {
    for (let c = 0; c < CONNS; c++) {
      const s = connect(port, '127.0.0.1');
      s.setNoDelay(true);
      let buf = '';
      const next = (): void => {
        if (sent < total) {
          sent++;
          s.write(req);
        } else {
          s.end();
        }
      };
      s.on('connect', next);
      s.on('error', reject);
      s.on('data', (d: Buffer) => {
        buf += d.toString('latin1');
        for (;;) {
          const end = buf.indexOf('\r\n\r\n');
          if (end < 0) break;
          const len = Number(/content-length: (\d+)/i.exec(buf.slice(0, end))?.[1] ?? NaN);
          if (!(len >= 0)) return reject(new Error(`unexpected response: ${buf.slice(0, end)}`));
          if (buf.length < end + 4 + len) break;
          buf = buf.slice(end + 4 + len);
          if (++done === total) resolveAll();
          next();
        }
      });
    }
  });
}

function runner(root: string, dynoPort: number): string {
  return `
const { DEFAULT_APP_SETTINGS } = await import(${JSON.stringify(`${root}/shared/defaults.ts`)});
const { startRouter } = await import(${JSON.stringify(`${root}/electron/engine/router/index.ts`)});
const router = await startRouter({ port: 0, host: '127.0.0.1', requestTimeoutMs: 30_000, bootTimeoutMs: 60_000, forbiddenPorts: [] });
await router.setTable([{ name: 'hello', port: 0, settings: DEFAULT_APP_SETTINGS, dynos: [{ name: 'web.1', port: ${dynoPort}, state: 'up' }] }]);
router.onLog(() => {});
console.log('ready ' + router.port);
process.on('SIGTERM', async () => { await router.stop(); process.exit(0); });
`;
}

async function measure(root: string, dynoPort: number, dir: string): Promise<{ worker: number; all: number }> {
  const out = join(dir, `cg-${readdirSync(dir).length}`);
  const script = `${out}.mts`;
  writeFileSync(script, runner(root, dynoPort));
  const p = spawn('valgrind', ['--tool=callgrind', '--separate-threads=yes', '--instr-atstart=no', `--callgrind-out-file=${out}.%p`,
    process.execPath, '--import', 'tsx', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    const port = await new Promise<number>((res, rej) => {
      let text = '';
      p.stdout.on('data', (d: Buffer) => {
        text += d.toString();
        const m = /ready (\d+)/.exec(text);
        if (m) res(Number(m[1]));
      });
      p.on('exit', (code) => rej(new Error(`router under valgrind exited ${code}\n${stderr.slice(-2000)}`)));
    });
    await load(port, WARM);
    const ctl = (arg: string): void => {
      const r = spawnSync('callgrind_control', [arg, String(p.pid)], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`callgrind_control ${arg}: ${r.stderr}`);
    };
    ctl('--instr=on');
    await load(port, N);
    ctl('--dump');
    ctl('--instr=off');
  } finally {
    p.kill('SIGKILL');
  }
  const counts = readdirSync(dir).filter((f) => f.startsWith(`${out.split('/').pop()}.${p.pid}.1-`))
    .map((f) => Number(/^summary: (\d+)/m.exec(readFileSync(join(dir, f), 'utf8'))?.[1] ?? 0));
  if (counts.length === 0) throw new Error('callgrind wrote no dump');
  return { worker: Math.max(...counts) / N, all: counts.reduce((a, b) => a + b, 0) / N };
}

async function main(): Promise<number> {
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    console.log('router-instructions needs valgrind (apt-get install valgrind)');
    return 1;
  }
  const roots = [resolve('.'), ...process.argv.slice(2).map((r) => resolve(r))];
  const dir = mkdtempSync(join(tmpdir(), 'dynodesk-cg-'));
  const hello = await startDyno('web.1', 'router-hello');
  try {
    console.log(`callgrind, ${WARM} warm-up then ${N} counted keep-alive requests over ${CONNS} connections`);
    for (const root of roots) {
      const r = await measure(root, hello.port, dir);
      console.log(`  ${root}: router worker ${Math.round(r.worker)} instructions/request (all threads ${Math.round(r.all)})`);
    }
    return 0;
  } finally {
    hello.proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
