// WebSocket proxying: echo through the router, dyno affinity, close propagation both ways, drain.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { RawClient, header, routeApp, startDyno, startTestRouter, waitFor, type Dyno, type Router } from './helpers.js';

let dynos: Dyno[];
let router: Router;

before(async () => {
  dynos = await Promise.all([startDyno('web.1'), startDyno('web.2')]);
  router = await startTestRouter();
  await router.setTable([routeApp('app', dynos)]);
});

after(async () => {
  await router.stop();
  await Promise.all(dynos.map((d) => d.stop()));
});

/** A client-side WebSocket over RawClient: masked frames out, frames in. */
class WsClient {
  private buf = Buffer.alloc(0);
  constructor(readonly raw: RawClient) {}

  static async open(port: number, leftover = ''): Promise<{ ws: WsClient; status: number; dyno: string }> {
    const raw = new RawClient(port);
    raw.write(`GET /ws HTTP/1.1\r\nHost: app.localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n`
      + `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n${leftover}`);
    const r = await raw.response();
    return { ws: new WsClient(raw), status: r.status, dyno: header(r, 'x-dyno') ?? '' };
  }

  send(text: string, opcode = 1): void {
    const payload = Buffer.from(text);
    const mask = randomBytes(4);
    const masked = Buffer.from(payload.map((b, i) => b ^ (mask[i & 3] as number)));
    const len = payload.length;
    const head = len < 126 ? Buffer.from([0x80 | opcode, 0x80 | len]) : Buffer.from([0x80 | opcode, 0x80 | 126, len >> 8, len & 255]);
    this.raw.write(Buffer.concat([head, mask, masked]));
  }

  /** Next frame's text. */
  async receive(): Promise<string> {
    for (;;) {
      this.buf = Buffer.concat([this.buf, this.raw.take()]);
      const b = this.buf;
      if (b.length >= 2) {
        let len = (b[1] as number) & 0x7f;
        let off = 2;
        if (len === 126 && b.length >= 4) {
          len = b.readUInt16BE(2);
          off = 4;
        }
        if (len !== 126 && b.length >= off + len) {
          this.buf = b.subarray(off + len);
          return b.toString('utf8', off, off + len);
        }
      }
      if (this.raw.closed) throw new Error('closed before a frame');
      await this.raw.waitData(5_000);
    }
  }
}

test('WebSocket echo through the router; frames sent before the 101 arrive too', async () => {
  const early = Buffer.from([0x81, 0x80 | 5, 0, 0, 0, 0, ...Buffer.from('early')]).toString('latin1');
  const { ws, status } = await WsClient.open(router.port, early);
  assert.equal(status, 101);
  assert.equal(await ws.receive(), 'early');
  for (const msg of ['hello', 'x'.repeat(1000)]) {
    ws.send(msg);
    assert.equal(await ws.receive(), msg);
  }
  ws.raw.close();
});

test('a WebSocket stays on its dyno', async () => {
  const { ws, dyno } = await WsClient.open(router.port);
  for (let i = 0; i < 5; i++) {
    ws.send('whoami');
    assert.equal(await ws.receive(), dyno);
  }
  ws.raw.close();
});

test('dyno dropping the socket closes the client side', async () => {
  const { ws } = await WsClient.open(router.port);
  ws.send('close-me');
  await ws.raw.untilClosed(5_000);
  assert.equal(ws.raw.closed, true);
});

test('client dropping the socket closes the dyno side (open count returns to 0)', async () => {
  const { ws } = await WsClient.open(router.port);
  await waitFor('tunnel counted', () => router.stats('app').openConnections === 1);
  ws.raw.close();
  await waitFor('tunnel closed', () => router.stats('app').openConnections === 0);
});

test('drain waits for WebSockets and cuts them at the timeout', async () => {
  const { ws, dyno } = await WsClient.open(router.port);
  await router.drain('app', dyno, 300);
  await ws.raw.untilClosed(5_000);
  assert.equal(ws.raw.closed, true);
  // the drained dyno gets no new sockets
  for (let i = 0; i < 4; i++) {
    const o = await WsClient.open(router.port);
    assert.notEqual(o.dyno, dyno);
    o.ws.raw.close();
  }
});
