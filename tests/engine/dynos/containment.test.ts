// Containment (issue 16): nothing a dyno, a one-off or the release phase starts outlives it, not
// even `(setsid sleep 777 &)`: a double fork into a session and group of their own, whose parent
// is gone before any process snapshot could see it. Under the reaper (Linux) it stays a descendant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findReaper } from '../../../electron/engine/dynos/containment.js';
import { alive, fixture, openEngine, waitForDynos, allUp } from '../../helpers/engine.js';
import { tempDir } from '../../helpers/tmp.js';
import { waitFor } from '../../helpers/wait.js';

const linuxOnly = { skip: process.platform !== 'linux' && 'the reaper is Linux only' };

interface Marked { pid: number; cmd: string }

/** Live processes started with MARK=<mark> in their environment (from the app's .env). */
function marked(mark: string): Marked[] {
  const out: Marked[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`MARK=${mark}`)) continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim();
      if (alive(pid)) out.push({ pid, cmd });
    } catch { /* gone, or not ours to read */ }
  }
  return out;
}

/** The daemonised `sleep <n>` of this app: it must lead a session of its own, or the test proves nothing. */
function escaped(mark: string, n: number): Marked[] {
  return marked(mark).filter((p) => p.cmd === `sleep ${n}` && sessionOf(p.pid) === p.pid);
}

function sessionOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
}

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

test('the reaper is built and usable on Linux', linuxOnly, () => {
  assert.ok(findReaper(), 'native/bin/dyno-reaper missing or unusable: `npm install` builds it (node scripts/build-reaper.mjs)');
});

test('a double-forked setsid daemon dies with its dyno', linuxOnly, async (t) => {
  const e = await openEngine({ graceS: 2 });
  t.after(() => e.close());
  const mark = randomUUID();
  t.after(() => { for (const p of marked(mark)) process.kill(p.pid, 'SIGKILL'); });
  const dir = tempDir('ddc');
  t.after(() => dir.remove());
  const app = join(dir.path, 'daemonize');
  cpSync(fixture('dyno-daemonize'), app, { recursive: true });
  writeFileSync(join(app, '.env'), `MARK=${mark}\n`);
  const daemonOf = (n: number): Promise<Marked> =>
    waitFor(`the daemon sleep ${n}`, () => { const d = escaped(mark, n); return d.length === 1 ? d[0] : null; });

  await t.test('release phase', async () => {
    // `(setsid sleep 776 &); echo released` runs to completion before the dynos start.
    await e.call('apps.deploy', { path: app, name: 'daemonize' });
    assert.deepEqual(escaped(mark, 776), [], 'the release phase\'s daemon died with it');
  });

  await t.test('ps:stop', async () => {
    const [web] = await waitForDynos(e, 'daemonize', allUp({ web: 1 }), 'web.1 up');
    assert.ok(web?.pid);
    assert.match(readFileSync(`/proc/${web.pid}/cmdline`, 'latin1'), /server\.cjs/, 'ps shows the app\'s own process');
    const daemon = await daemonOf(777);
    assert.notEqual(sessionOf(daemon.pid), sessionOf(web.pid), 'the daemon left the dyno\'s session');
    // The generation's root: the reaper that runs the app's process, or (uncontained) that process itself.
    const root = parentOf(web.pid) === process.pid ? web.pid : parentOf(web.pid);
    // The fallback must not pass for containment: the dyno runs under the reaper this engine found.
    assert.equal(readFileSync(`/proc/${root}/cmdline`, 'latin1').split('\0')[0], findReaper(), 'web.1 runs under dyno-reaper');
    await e.call('ps.stop', { app: 'daemonize', dyno: 'web.1' });
    // Gone by the time the stopped generation's root has exited, not some time later.
    await waitFor('the stopped generation to exit', () => !alive(root));
    assert.equal(alive(daemon.pid), false, `the daemon (${daemon.pid}) outlived ps:stop`);
  });

  await t.test('a one-off whose command exits by itself', async () => {
    await e.call('run.start', { app: 'daemonize', command: '(setsid sleep 779 &); sleep 1' });
    const daemon = await daemonOf(779);
    await waitForDynos(e, 'daemonize', (ds) => !ds.some((d) => d.name === 'run.1'), 'run.1 to finish');
    assert.equal(alive(daemon.pid), false, `the one-off's daemon (${daemon.pid}) outlived it`);
  });

  await t.test('apps:destroy', async () => {
    // The web.1 that replaced the stopped one has a daemon of its own.
    await waitForDynos(e, 'daemonize', allUp({ web: 1 }), 'web.1 up again');
    await waitFor('the new web.1\'s daemon', () => escaped(mark, 777).length > 0);
    await e.call('apps.destroy', { app: 'daemonize' });
    assert.deepEqual(marked(mark), [], 'nothing of the app survives destroy');
  });
});
