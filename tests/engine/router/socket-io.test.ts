// The router's two socket shortcuts: accepted sockets re-wrapped to read into a shared buffer
// (socket-read.ts), and writes straight to the kernel when nothing is queued (socket-write.ts: through
// the libuv handle, or the descriptor with DYNODESK_ROUTER_FD_WRITES=1, which the test runner also
// runs this file with). Both lean on Node internals, so these tests also say so loudly if a Node
// upgrade disables them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { SCRATCH, adopt, retain, scratchFree, setReader, sharedView } from '../../../electron/engine/router/socket-read.js';
import { directWrites, mustWait, send } from '../../../electron/engine/router/socket-write.js';
import { waitFor } from '../../helpers/wait.js';

/** A server whose accepted sockets go through adopt(); resolves with the first adopted socket. */
async function adoptingServer(): Promise<{ server: Server; port: number; accepted: Promise<{ original: Socket; adopted: Socket }> }> {
  let resolve!: (v: { original: Socket; adopted: Socket }) => void;
  const accepted = new Promise<{ original: Socket; adopted: Socket }>((r) => (resolve = r));
  const server = createServer({ pauseOnConnect: true }, (s) => resolve({ original: s, adopted: adopt(s) }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  return { server, port: typeof addr === 'object' && addr ? addr.port : 0, accepted };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((r) => server.close(() => r()));
}

test('an accepted socket is re-wrapped (this Node supports it) and reads into the shared buffer', async () => {
  const { server, port, accepted } = await adoptingServer();
  const client = connect(port, '127.0.0.1');
  const { original, adopted } = await accepted;
  assert.notEqual(adopted, original, 'adopt() fell back to plain data events: the fast read path is off');
  const chunks: Buffer[] = [];
  let sharedSeen = false;
  setReader(adopted, (c) => {
    const kept = retain(c);
    if (kept !== c) sharedSeen = true; // it was in the shared buffer, so it had to be copied
    chunks.push(kept);
  });
  client.write('hello ');
  client.write('router');
  await waitFor('bytes read', () => Buffer.concat(chunks).toString() === 'hello router');
  assert.equal(sharedSeen, true);
  assert.equal(adopted.remoteAddress, '127.0.0.1');
  assert.equal(adopted.remotePort, client.localPort);
  // Writes and close work on the adopted socket, and the server no longer counts the old wrapper.
  const echoed = new Promise<string>((r) => client.once('data', (d: Buffer) => r(d.toString())));
  adopted.write('back');
  assert.equal(await echoed, 'back');
  const count = await new Promise<number>((r, j) => server.getConnections((e, n) => (e ? j(e) : r(n))));
  assert.equal(count, 0);
  const closed = new Promise<void>((r) => client.once('close', () => r()));
  adopted.destroy();
  await closed;
  await closeServer(server);
});

test('retain() leaves buffers that are not the shared one alone, and copies SCRATCH', () => {
  const b = Buffer.from('own memory');
  assert.equal(retain(b), b);
  SCRATCH.write('scratch', 'latin1');
  const kept = retain(SCRATCH.subarray(0, 7));
  SCRATCH.write('changed', 'latin1');
  assert.equal(kept.toString('latin1'), 'scratch');
});

test('sharedView: the first n bytes of the read buffer, one view per recent size', () => {
  const a = sharedView(150);
  assert.equal(a.length, 150);
  assert.equal(a.byteOffset, 0);
  assert.equal(retain(a) === a, false, 'it lives in the shared area');
  assert.equal(sharedView(150), a, 'the same size again: the same view');
  const b = sharedView(150 + 256); // same slot, other size
  assert.equal(b.length, 406);
  assert.notEqual(sharedView(150), b);
  assert.equal(sharedView(150).length, 150);
  assert.equal(sharedView(65536).length, 65536);
});

test('writes go through the libuv handle (this Node offers it), or the descriptor when told to', () => {
  const forced = process.env.DYNODESK_ROUTER_FD_WRITES === '1';
  assert.equal(directWrites, forced ? 'fd' : 'handle', forced ? 'the fallback was not used' : 'handle writes are off: process.binding(\'stream_wrap\') is not what socket-write.ts expects');
});

test('send() writes in order across the direct path and the queue, under backpressure', async () => {
  const { server, port, accepted } = await adoptingServer();
  const client = connect(port, '127.0.0.1');
  client.pause(); // nobody reads yet: the kernel buffers fill and send() must fall back to queueing
  const { adopted } = await accepted;
  const sent = createHash('sha256');
  let total = 0;
  let queued = false;
  // Nothing queued yet: this goes straight to the kernel, past Node's stream (which counts what it writes).
  const first = Buffer.from('first');
  assert.equal(send(adopted, first), true);
  // (socket.write would count it as queued until its callback on the next tick)
  assert.equal(adopted.writableLength, 0, 'send() went through socket.write: the direct write is off');
  sent.update(first);
  total += first.length;
  // Messages assembled in SCRATCH as the router does it: only while scratchFree() says so (a handle
  // write the kernel did not take at once holds SCRATCH until libuv is done with it), else elsewhere.
  let fresh = 0;
  for (let i = 0; i < 4000 && !queued; i++) {
    const len = 16 * 1024 - (i % 7);
    const out = scratchFree(len) ? SCRATCH : Buffer.allocUnsafe(len);
    if (out !== SCRATCH) fresh++;
    out.fill(i % 251, 0, len);
    sent.update(out.subarray(0, len));
    total += len;
    queued = !send(adopted, out, len);
  }
  assert.equal(queued, true, 'the send buffer never filled');
  assert.equal(mustWait(adopted), true, 'a caller is told to wait for drain');
  // Handle writes keep SCRATCH held while libuv reads from it; fd writes copy what they queue.
  assert.equal(scratchFree(1), directWrites === 'fd');
  // More while queued: these must line up behind the queue, strings and SCRATCH prefixes included.
  const tail0 = scratchFree(64) ? SCRATCH : Buffer.alloc(64);
  tail0.write('tail-0 and bytes that are not sent', 'latin1');
  for (const extra of [tail0.subarray(0, 6), Buffer.from('tail-1'), 'tail-2']) {
    sent.update(typeof extra === 'string' ? Buffer.from(extra, 'latin1') : extra);
    total += extra.length;
    if (extra instanceof Buffer && extra.buffer === tail0.buffer) send(adopted, tail0, extra.length);
    else send(adopted, extra);
  }
  if (scratchFree(1)) SCRATCH.fill(0); // what was queued from it is a copy: overwriting changes nothing the peer gets
  adopted.end();
  const got = createHash('sha256');
  let received = 0;
  client.on('data', (d: Buffer) => {
    got.update(d);
    received += d.length;
  });
  client.resume();
  await new Promise<void>((r) => client.once('end', () => r()));
  assert.equal(received, total);
  assert.equal(got.digest('hex'), sent.digest('hex'));
  await waitFor('SCRATCH free again once libuv is done', () => scratchFree(1) && !mustWait(adopted));
  assert.equal(fresh === 0, true, 'nothing held SCRATCH before the kernel buffer filled');
  client.destroy();
  await closeServer(server);
});

test('send() to a peer that is gone fails the socket instead of throwing', async () => {
  const { server, port, accepted } = await adoptingServer();
  const client = connect(port, '127.0.0.1');
  const { adopted } = await accepted;
  const errors: string[] = [];
  adopted.on('error', (e: NodeJS.ErrnoException) => errors.push(e.code ?? e.message));
  const closed = new Promise<void>((r) => adopted.once('close', () => r()));
  client.resetAndDestroy();
  // Until the reset arrives writes may still succeed; then one of them meets EPIPE/ECONNRESET.
  await waitFor('socket failed', () => {
    if (!adopted.destroyed) send(adopted, Buffer.alloc(1024));
    return adopted.destroyed;
  });
  await closed;
  assert.ok(errors.every((c) => c === 'EPIPE' || c === 'ECONNRESET'), errors.join(','));
  await closeServer(server);
});

test('setReader on a socket adopt() did not wrap: data events, one reader at a time', async () => {
  const server = createServer((s) => {
    const got: string[] = [];
    setReader(s, () => got.push('first'));
    setReader(s, (d) => got.push(`second:${d.toString()}`));
    s.once('end', () => s.end(got.join('|')));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const client = connect(typeof addr === 'object' && addr ? addr.port : 0, '127.0.0.1');
  client.end('x');
  let reply = '';
  client.on('data', (d: Buffer) => (reply += d.toString()));
  await new Promise<void>((r) => client.once('close', () => r()));
  assert.equal(reply, 'second:x');
  await closeServer(server);
});
