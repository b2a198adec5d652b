// Runs every test under Node's test runner (TypeScript via tsx), then checks that no process
// started by the tests is still alive. Usage: npm test [-- <path filter>...]
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { randomUUID } from 'node:crypto';

const roots = ['tests', 'e2e'];
const filters = process.argv.slice(2);

function walk(dir, out) {
  let entries;
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'fixtures') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(test|spec)\.ts$/.test(name)) out.push(relative(process.cwd(), p));
  }
  return out;
}

const files = roots.flatMap((r) => walk(r, [])).sort()
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

// The full run starts with the static checks: a layering violation fails before any test runs.
if (filters.length === 0) {
  for (const [label, args] of [['typecheck', ['scripts/typecheck.mjs']], ['lint', ['node_modules/eslint/bin/eslint.js', '.']]]) {
    console.log(`--- ${label}`);
    const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
    if (r.status !== 0) { console.error(`${label} failed`); process.exit(1); }
  }
}

// Every process a test starts inherits this marker (the engine passes its environment to dynos),
// so after the run we can find anything left behind.
const marker = randomUUID();
const child = spawn(process.execPath, [
  '--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', '--test-timeout=300000', ...files,
], { stdio: 'inherit', env: { ...process.env, DYNODESK_TEST_RUN: marker, FORCE_COLOR: '0' } });

child.on('exit', (code, signal) => {
  const leftovers = findLeftovers(marker);
  if (leftovers.length > 0) {
    console.error(`\nleak check: ${leftovers.length} process(es) started by the tests are still running:`);
    for (const l of leftovers) console.error(`  pid ${l.pid}: ${l.cmd}`);
    for (const l of leftovers) { try { process.kill(l.pid, 'SIGKILL'); } catch { /* gone */ } }
    process.exit(1);
  }
  console.log('leak check: no processes left behind');
  process.exit(code ?? (signal ? 1 : 0));
});

function findLeftovers(mark) {
  if (process.platform !== 'linux') return [];
  const found = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${pid}/environ`, 'latin1');
      if (!env.includes(`DYNODESK_TEST_RUN=${mark}`)) continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ').trim();
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue; // zombie: already dead
      found.push({ pid: Number(pid), cmd });
    } catch { /* exited or not ours */ }
  }
  return found;
}
