// The framing/smuggling corpus: every malformed request is answered with its exact status, the
// connection is closed, and the dyno receives zero bytes. Valid look-alikes do reach the dyno.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { RawClient, routeApp, startDyno, startTestRouter, waitFor, type Router } from './helpers.js';
import { CORPUS } from './smuggling-corpus.js';

let router: Router;
let tapServer: Server;
let tapBytes = 0;
let tapPort = 0;
let tapHeads: string[] = [];
const tapSockets = new Set<Socket>();

before(async () => {
  // A raw TCP dyno that records every byte it receives and answers each head with a tiny response.
  tapServer = createServer((s) => {
    tapSockets.add(s);
    s.on('close', () => tapSockets.delete(s));
    s.on('error', () => {});
    let seen = '';
    let answered = false;
    s.on('data', (d: Buffer) => {
      tapBytes += d.length;
      if (answered) return; // one request per connection (it answers with Connection: close)
      seen += d.toString('latin1');
      const i = seen.indexOf('\r\n\r\n');
      if (i !== -1) {
        answered = true;
        tapHeads.push(seen.slice(0, i));
        s.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
      }
    });
  });
  await new Promise<void>((r) => tapServer.listen(0, '127.0.0.1', () => r()));
  const a = tapServer.address();
  tapPort = typeof a === 'object' && a ? a.port : 0;
  router = await startTestRouter();
  await router.setTable([{ ...routeApp('app', [], { maxBodyBytes: 1000 }), dynos: [{ name: 'web.1', port: tapPort, state: 'up' }] }]);
});

after(async () => {
  await router.stop();
  for (const s of tapSockets) s.destroy();
  await new Promise<void>((r) => tapServer.close(() => r()));
});

test(`corpus has at least 40 cases (${CORPUS.length})`, () => {
  assert.ok(CORPUS.length >= 40);
});

for (const c of CORPUS) {
  test(`${c.status} ← ${c.name}`, async () => {
    tapBytes = 0;
    tapHeads = [];
    const client = new RawClient(router.port);
    try {
      client.write(c.raw);
      const r = await client.response();
      assert.equal(r.status, c.status);
      if (c.status >= 400) {
        await client.untilClosed(5_000);
        assert.equal(client.closed, true, 'connection closed after a rejection');
        assert.equal(tapBytes, 0, 'the dyno must not see a rejected request');
      } else {
        assert.ok(tapBytes > 0);
        assert.equal(tapHeads.length, 1);
      }
    } finally {
      client.close();
    }
  });
}

test('a framing error in a later chunk aborts the upstream request and closes the client', async () => {
  const echo = await startDyno('web.1');
  const client = new RawClient(router.port);
  try {
    await router.setTable([{ ...routeApp('app', [], { maxBodyBytes: 1000 }), dynos: [{ name: 'web.1', port: tapPort, state: 'up' }] },
      routeApp('echo', [echo])]);
    client.write('POST / HTTP/1.1\r\nHost: echo.localhost\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n');
    // the echo dyno answers only after the whole body: wait until the request is in flight there
    await waitFor('request at the dyno', () => router.stats('echo').dynos['web.1']?.openConnections === 1);
    client.write('zz\r\n');
    const r = await client.response();
    assert.equal(r.status, 400);
    assert.equal(r.closed, true);
  } finally {
    client.close();
    await echo.stop();
  }
});
