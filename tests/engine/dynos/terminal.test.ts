// Terminals: one-off dynos with input echo, scrollback for late joiners, resize, and watermark
// flow control that pauses a flooding dyno for a subscriber that never acknowledges.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { TERMINAL_BATCH_BYTES, TERMINAL_HIGH_WATERMARK, TERMINAL_SCROLLBACK_BYTES } from '../../../shared/defaults.js';
import { fixtureRelease, pidAlive, startSupervisor, waitFor } from './helpers/harness.js';

const t = startSupervisor({ keepText: false });
after(() => t.close());

interface Collected { text: string; calls: number; maxCall: number; exit: number | null | undefined }

function collector(): { sink: { data(d: string): void; exit(c: number | null): void }; got: Collected } {
  const got: Collected = { text: '', calls: 0, maxCall: 0, exit: undefined };
  return {
    got,
    sink: {
      data: (d) => { got.text += d; got.calls++; got.maxCall = Math.max(got.maxCall, d.length); },
      exit: (c) => { got.exit = c; },
    },
  };
}

test('a one-off shell echoes input, gets the release env, and leaves the list when it exits', async () => {
  const release = fixtureRelease('dyno-web', 1, { GREETING: 'hi-from-config' });
  const dto = await t.sup.runOneOff('oneoff', release, null, { cols: 100, rows: 40 });
  assert.equal(dto.name, 'run.1');
  assert.equal(dto.type, 'run');
  assert.equal(dto.oneOff, true);
  assert.ok(dto.pid);
  const { sink, got } = collector();
  const sub = t.sup.openTerminal('oneoff', 'run.1', sink);
  assert.equal(sub.cols, 100);
  assert.equal(sub.rows, 40);
  t.sup.write('oneoff', 'run.1', 'echo "$DYNO $GREETING $((6*7)) port=$PORT"\r');
  await waitFor('the echoed command output', () => /run\.1 hi-from-config 42 port=\d{2,5}\r?\n/.test(got.text));
  t.sup.resize('oneoff', 'run.1', 90, 20);
  t.sup.write('oneoff', 'run.1', 'stty size\r');
  await waitFor('the new size', () => got.text.includes('20 90'));
  // A second one-off gets the next number.
  const second = await t.sup.runOneOff('oneoff', release, 'node -e "console.log(process.env.PS)"', { cols: 80, rows: 24 });
  assert.equal(second.name, 'run.2');
  t.sup.write('oneoff', 'run.1', 'exit 7\r');
  await waitFor('the exit notification', () => got.exit !== undefined);
  assert.equal(got.exit, 7);
  sub.close();
  await waitFor('both one-offs gone from the list', () => t.sup.list('oneoff').length === 0);
  assert.equal(pidAlive(dto.pid as number), false);
  assert.ok(t.rec.lifecycle.some((l) => l.dyno === 'run.1' && l.text === 'Process exited with status 7'));
  assert.ok(t.rec.lifecycle.some((l) => l.dyno === 'run.2' && l.text === 'Starting process with command `node -e "console.log(process.env.PS)"` by user'));
});

test('late subscribers get the scrollback; output arrives in batches', async () => {
  await t.sup.apply('scroll', fixtureRelease('dyno-worker'), { worker: 1 });
  await waitFor('worker output', () => (t.rec.output.get('worker.1') ?? 0) > 0);
  const { sink, got } = collector();
  const sub = t.sup.openTerminal('scroll', 'worker.1', sink);
  assert.match(sub.scrollback, /worker\.1 started/);
  assert.equal(sub.cols, 120);
  assert.equal(sub.rows, 30);
  await waitFor('a live tick after the scrollback', () => /tick \d+/.test(got.text));
  sub.ack(got.text.length);
  sub.close();
  await t.sup.removeApp('scroll');
});

test('a never-acking subscriber pauses a flooding dyno; buffers stay bounded; closing resumes it', async () => {
  await t.sup.apply('flood', fixtureRelease('dyno-flood'), { worker: 1 });
  await t.sup.settled('flood', 20_000);
  await waitFor('the flood to get going', () => (t.rec.output.get('worker.1') ?? 0) > 1_000_000);
  const { sink, got } = collector();
  const sub = t.sup.openTerminal('flood', 'worker.1', sink);
  assert.ok(sub.scrollback.length <= TERMINAL_SCROLLBACK_BYTES);
  await waitFor('the pty to be paused', () => t.sup.terminalStats('flood', 'worker.1').paused);
  // While paused, the dyno produces nothing more (give the already-read chunk time to land).
  await waitFor('output to stop', async () => {
    const a = t.rec.output.get('worker.1');
    await new Promise((r) => setTimeout(r, 200));
    return a === t.rec.output.get('worker.1');
  });
  const stats = t.sup.terminalStats('flood', 'worker.1');
  assert.ok(stats.paused);
  assert.ok(stats.bufferedBytes <= TERMINAL_BATCH_BYTES, `pending ${stats.bufferedBytes}`);
  assert.ok(stats.scrollbackBytes <= TERMINAL_SCROLLBACK_BYTES);
  assert.ok(got.text.length > TERMINAL_HIGH_WATERMARK && got.text.length < TERMINAL_HIGH_WATERMARK + 4 * TERMINAL_BATCH_BYTES, `delivered ${got.text.length}`);
  assert.ok(got.maxCall <= TERMINAL_BATCH_BYTES);
  // Acknowledging resumes it (until the next half megabyte goes unacknowledged).
  const before = t.rec.output.get('worker.1') ?? 0;
  sub.ack(got.text.length);
  await waitFor('output to flow again after the ack', () => (t.rec.output.get('worker.1') ?? 0) > before + 100_000);
  await waitFor('paused again without further acks', () => t.sup.terminalStats('flood', 'worker.1').paused);
  // Closing the subscriber resumes it for good.
  sub.close();
  assert.equal(t.sup.terminalStats('flood', 'worker.1').paused, false);
  const closedAt = t.rec.output.get('worker.1') ?? 0;
  await waitFor('output to flow with no subscriber', () => (t.rec.output.get('worker.1') ?? 0) > closedAt + 1_000_000);
  await t.sup.removeApp('flood');
});
