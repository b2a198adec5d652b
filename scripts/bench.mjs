// npm run bench [-- name...]: runs bench/*.bench.ts one after another (they load the machine; never in parallel)
// and prints each one's ratios against its in-run baseline.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2);
const files = readdirSync('bench').filter((f) => f.endsWith('.bench.ts')).sort()
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${f}`], { stdio: 'inherit' });
  if (r.status !== 0) { failed++; console.log(`${f}: FAILED (exit ${r.status})`); }
}
process.exit(failed ? 1 : 0);
