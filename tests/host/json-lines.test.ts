// The control socket's line framing: linear in the bytes received, and a line over the limit is
// refused as soon as it passes it, by the splitter alone and by the engine's real control socket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { createLineSplitter, MAX_REQUEST_LINE_BYTES } from '../../electron/host/json-lines.js';
import { connectControl } from '../../electron/host/control-client.js';
import { startHost } from '../../electron/host/host.js';
import { tempDir } from '../helpers/tmp.js';

const MiB = 1024 * 1024;

function collect(max: number): { lines: string[]; tooLong: number; push(chunk: Buffer | string): void } {
  const out = { lines: [] as string[], tooLong: 0, push: (chunk: Buffer | string): void => splitter.push(Buffer.from(chunk)) };
  const splitter = createLineSplitter(max, (line) => out.lines.push(line.toString('utf8')), () => { out.tooLong++; });
  return out;
}

test('lines are cut at \\n however the bytes are chunked, multi-byte characters included', () => {
  const text = 'one\n{"é":"ü"}\n\nlast line €\n';
  const bytes = Buffer.from(text);
  for (const size of [1, 2, 3, 7, bytes.length]) {
    const c = collect(1024);
    for (let i = 0; i < bytes.length; i += size) c.push(bytes.subarray(i, i + size));
    assert.deepEqual(c.lines, ['one', '{"é":"ü"}', '', 'last line €'], `chunks of ${size}`);
  }
});

test('a line over the limit is refused once, as soon as it passes the limit, and nothing after it is read', () => {
  const c = collect(10);
  c.push('0123456789\n');
  assert.deepEqual(c.lines, ['0123456789'], 'exactly the limit is accepted');
  c.push('01234');
  c.push('56789');
  assert.equal(c.tooLong, 0);
  c.push('X');
  assert.equal(c.tooLong, 1, 'refused at the first byte over, without waiting for the \\n');
  c.push('\nok\n');
  assert.equal(c.tooLong, 1);
  assert.deepEqual(c.lines, ['0123456789'], 'the splitter stops after a refusal');
  const d = collect(10);
  d.push('short\n0123456789AB\nnever');
  assert.deepEqual(d.lines, ['short']);
  assert.equal(d.tooLong, 1, 'a too-long line inside one chunk is refused too');
});

test('parsing is linear: an 8 MiB line in 1 KiB chunks takes well under the quadratic cost', { timeout: 60_000 }, () => {
  // Searching the whole buffered line on every chunk (the old parser) scans ~32 GB here; each chunk
  // searched once scans 8 MiB. The bound is loose on purpose: it only separates the two.
  const c = collect(16 * MiB);
  const chunk = Buffer.alloc(1024, 0x61);
  const started = performance.now();
  for (let i = 0; i < 8 * 1024; i++) c.push(chunk);
  c.push('\n');
  const ms = performance.now() - started;
  assert.equal(c.lines.length, 1);
  assert.equal(c.lines[0]?.length, 8 * MiB);
  assert.ok(ms < 3000, `took ${Math.round(ms)} ms`);
});

/** The longest gap between ticks of a 5 ms interval, from now until stop(): how long the loop was blocked. */
function watchEventLoop(): { stop(): number } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(longest, performance.now() - last);
    },
  };
}

/** Everything the engine sends back on `socket` until it closes it. */
function readUntilClosed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    socket.on('data', (c: Buffer) => { data += c.toString('utf8'); });
    // The engine stops reading after its reply, so our unsent bytes may end in EPIPE/ECONNRESET.
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(data));
  });
}

test('the engine refuses a 16 MiB request line early, with a reason, and stays responsive', { timeout: 120_000 }, async (t) => {
  const dir = tempDir('ddj');
  t.after(() => dir.remove());
  const host = await startHost({ dataDir: dir.path, routerPort: 0, dashboardPort: null, samplePath: null });
  t.after(() => host.close());

  // Built before the watch starts: allocating 16 MiB is the test's own cost, not the engine's.
  const line = Buffer.alloc(16 * MiB + 1, 0x61);
  line[16 * MiB] = 0x0a;
  const stall = watchEventLoop();
  t.after(() => stall.stop());
  const flood = connect(host.control.path);
  t.after(() => flood.destroy());
  const started = performance.now();
  const closed = readUntilClosed(flood);
  flood.write(line);
  const reply = await closed;
  const ms = performance.now() - started;
  const maxStallMs = stall.stop();

  const first = JSON.parse(reply.split('\n')[0] ?? '') as { id: number; ok: boolean; error: { message: string } };
  assert.equal(first.ok, false);
  assert.equal(first.id, -1);
  assert.match(first.error.message, /message too large: a control-socket message may be at most 1 MiB/);
  assert.equal(MAX_REQUEST_LINE_BYTES, MiB);
  // Generous bounds: the old parser took seconds, with the event loop blocked for most of them.
  assert.ok(ms < 5000, `refused after ${Math.round(ms)} ms`);
  t.diagnostic(`refused after ${Math.round(ms)} ms; longest gap between event-loop ticks ${Math.round(maxStallMs)} ms`);
  assert.ok(maxStallMs < 250, `the event loop stalled for ${Math.round(maxStallMs)} ms`);

  // The engine still answers, and the CLI's client reports the refusal in words.
  const cli = await connectControl(dir.path);
  t.after(() => cli.close());
  assert.deepEqual(await cli.call('apps.list', {}), []);
  await assert.rejects(
    cli.call('config.set', { app: 'none', vars: { BIG: 'x'.repeat(2 * MiB) } }),
    /message too large: a control-socket message may be at most 1 MiB/,
  );
});
