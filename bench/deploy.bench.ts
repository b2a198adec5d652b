// Deploy targets from issue 12, measured on a real engine with real npm installs and real git:
//   snapshot of a 10,000-file folder                                     < 2 s
//   redeploy of an unchanged Node app with ~50 MB of dependencies        < 3 s and ≥ 5× faster than its first deploy
//   git push of a small Node app whose dependencies are cached           < 4 s
//   rollback: command to the old release serving on every web dyno       < 2 s, zero failed requests under load
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../electron/engine/engine.js';
import { startControlServer } from '../electron/host/control-server.js';
import { snapshotFolder } from '../electron/engine/slugs/snapshot.js';
import type { DynoDTO } from '../shared/types.js';
import { tempDir } from '../tests/helpers/tmp.js';
import { startLoad } from '../tests/helpers/load.js';
import { writeSlugApp } from '../tests/engine/apps/helpers/slug-app.js';

const results: { name: string; value: string; target: string; pass: boolean }[] = [];
const report = (name: string, value: number, unit: string, target: number, lowerIsBetter = true): void => {
  console.log(`  ${name}: ${value.toFixed(2)} ${unit}`);
  results.push({ name, value: `${value.toFixed(2)} ${unit}`, target: `${lowerIsBetter ? '<' : '≥'} ${target} ${unit}`, pass: lowerIsBetter ? value < target : value >= target });
};
const seconds = (t0: number): number => (performance.now() - t0) / 1000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const dir = tempDir('ddbd');
const dataDir = join(dir.path, 'data');
mkdirSync(dataDir, { mode: 0o700 });
const engine = await Engine.open({ dataDir, routerPort: 0, graceS: 3 });
const control = await startControlServer(engine);
const client = engine.connect(() => undefined);
const call = async <T>(cmd: string, args: unknown): Promise<T> => {
  const r = await client.invoke(cmd, args);
  if (!r.ok) throw new Error(`${cmd}: ${r.error.message}`);
  return r.value as T;
};
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@x', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@x', DYNODESK_HOME: '' };
const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8', env: GIT_ENV });
// Pushes must not block this process: its hook talks to the engine running in it.
const push = async (cwd: string, ...args: string[]): Promise<void> => { await promisify(execFile)('git', ['push', '-q', ...args], { cwd, env: GIT_ENV }); };

try {
  // 1. Snapshot of 10,000 files (100 folders × 100 files of 1-4 KB), as a git work tree.
  const many = join(dir.path, 'many');
  for (let d = 0; d < 100; d++) {
    mkdirSync(join(many, `dir${d}`), { recursive: true });
    for (let f = 0; f < 100; f++) writeFileSync(join(many, `dir${d}`, `file${f}.js`), `// ${d}/${f}\n${'x'.repeat(1024 + ((d * f) % 3072))}\n`);
  }
  for (const mode of ['walk', 'git'] as const) {
    if (mode === 'git') git(many, 'init', '-q');
    const t0 = performance.now();
    const r = await snapshotFolder(many, join(dataDir, `snap-${mode}`), { onLine: () => undefined });
    report(`snapshot of ${r.files} files (listed by ${r.listedBy})`, seconds(t0), 's', 2);
  }

  // 2. A Node app with ~50 MB of dependencies: first deploy, then a redeploy with nothing changed.
  const heavy = join(dir.path, 'heavy');
  mkdirSync(heavy);
  writeFileSync(join(heavy, 'package.json'), JSON.stringify({
    name: 'heavy', version: '1.0.0', private: true, scripts: { start: 'node server.js' },
    dependencies: { typescript: '5.6.3', 'date-fns': '3.6.0', rxjs: '7.8.1' },
  }));
  writeFileSync(join(heavy, 'server.js'), "require('node:http').createServer((q, r) => r.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');\n");
  const lock = spawnSync('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund'], { cwd: heavy, encoding: 'utf8' });
  if (lock.status !== 0) throw new Error(`npm install --package-lock-only: ${lock.stderr}`);
  let t0 = performance.now();
  await call('apps.deploy', { path: heavy, name: 'heavy' });
  const firstS = seconds(t0);
  report('first deploy, ~50 MB of dependencies (npm ci)', firstS, 's', 120);
  t0 = performance.now();
  await call('apps.deploy', { path: heavy, name: 'heavy' });
  const againS = seconds(t0);
  report('redeploy, dependencies unchanged', againS, 's', 3);
  report('redeploy speed-up over the first deploy', firstS / againS, '×', 5, false);
  const info = await call<{ slugBytes: number; cacheBytes: number }>('apps.info', { app: 'heavy' });
  console.log(`  heavy: slugs ${(info.slugBytes / 1e6).toFixed(1)} MB, build cache ${(info.cacheBytes / 1e6).toFixed(1)} MB`);

  // 3. git push of a small app whose dependencies are cached (the second push).
  const repo = join(dir.path, 'pushy');
  writeSlugApp(repo, 'one');
  // Booted by node itself: `npm start` would add npm's own start-up to every dyno boot measured below.
  writeFileSync(join(repo, 'Procfile'), 'web: node server.js\n');
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'one');
  await call('apps.create', { name: 'pushy' });
  const remote = join(dataDir, 'repos', 'pushy.git');
  await push(repo, remote, 'main');
  writeFileSync(join(repo, 'version.txt'), 'two\n');
  git(repo, 'commit', '-qam', 'two');
  t0 = performance.now();
  await push(repo, remote, 'main');
  report('git push, dependencies cached', seconds(t0), 's', 4);

  // 4. Rollback under load: 2 web dynos, 8 connections hammering the router.
  await call('ps.scale', { app: 'pushy', formation: { web: 2 } });
  const waitSettled = async (version: number): Promise<void> => {
    for (;;) {
      const dynos = await call<DynoDTO[]>('ps.list', { app: 'pushy' });
      const web = dynos.filter((d) => d.type === 'web');
      if (web.length === 2 && web.every((d) => d.state === 'up' && d.release === version)) return;
      await sleep(20);
    }
  };
  await waitSettled(2);
  const load = startLoad(engine.routerPort, 'pushy.localhost', 8);
  await sleep(1000);
  t0 = performance.now();
  const back = await call<{ release: number }>('releases.rollback', { app: 'pushy', version: 1 });
  // The command answers once every web slot has an up dyno of the new release (the old ones drain).
  const rollbackS = seconds(t0);
  const serving = (await call<DynoDTO[]>('ps.list', { app: 'pushy' })).filter((d) => d.type === 'web' && d.state === 'up');
  if (serving.length < 2 || serving.some((d) => d.release !== back.release && !d.name.endsWith('+'))) {
    console.log(`  note: web dynos up when the rollback answered: ${JSON.stringify(serving.map((d) => [d.name, d.release]))}`);
  }
  await waitSettled(back.release);
  console.log(`  rollback: old dynos drained and gone after ${seconds(t0).toFixed(2)} s`);
  await sleep(1000);
  await load.stop();
  const failed = [...load.bad.values()].reduce((a, b) => a + b, 0);
  report('rollback: old release on every web dyno', rollbackS, 's', 2);
  report(`failed requests during rollback (of ${load.ok + failed})`, failed, 'requests', 1);
  if (failed > 0) console.log(`  failures: ${JSON.stringify([...load.bad])}`);
} finally {
  client.close();
  await control.close();
  await engine.close();
  dir.remove();
}

console.log('\ndeploy benchmark');
for (const r of results) console.log(`  ${r.pass ? 'PASS' : 'FAIL'}  ${r.name.padEnd(52)} ${r.value.padStart(14)}   (target ${r.target})`);
process.exit(results.every((r) => r.pass) ? 0 : 1);
