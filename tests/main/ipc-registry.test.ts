// The IPC registry against the REAL engine (temp data dir, router on a free port), driven
// through a fake ipcMain transport that records handlers the way Electron would call them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandNames } from '../../shared/commands.js';
import type { EngineEvent } from '../../shared/events.js';
import type { DynoDTO, EngineInfo, Result } from '../../shared/types.js';
import { Engine, type EngineClient } from '../../electron/engine/engine.js';
import { EVENT_CHANNEL, OPEN_EXTERNAL_CHANNEL, PICK_FOLDER_CHANNEL } from '../../electron/main/ipc-channels.js';
import {
  registerIpc, type EngineClientLike, type EngineLike, type FrameLike, type IpcEventLike, type IpcListener, type IpcMainLike, type WebContentsLike,
} from '../../electron/main/ipc-registry.js';
import { ensureSampleApp } from '../../electron/main/sample-app.js';
import { httpGet } from '../helpers/engine.js';

const APP_ORIGIN = 'app://dynodesk';

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, IpcListener>();
  handle(channel: string, listener: IpcListener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What Electron does for ipcRenderer.invoke(channel, args). */
  async invoke(event: IpcEventLike, channel: string, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return h(event, ...args);
  }
}

let nextId = 1;
class FakeWebContents implements WebContentsLike {
  readonly id = nextId++;
  readonly sent: { channel: string; message: unknown }[] = [];
  private destroyed = false;
  private readonly onDestroyed: (() => void)[] = [];
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('send after destroy');
    this.sent.push({ channel, message: args[0] });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  once(_event: 'destroyed', listener: () => void): this {
    this.onDestroyed.push(listener);
    return this;
  }
  destroy(): void {
    this.destroyed = true;
    for (const l of this.onDestroyed.splice(0)) l();
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'dynodesk-ipc-'));
const engine = await Engine.open({ dataDir, routerPort: 0, graceS: 2 });
after(async () => {
  await engine.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** One engine client the registry opened: the real one, and whether the registry closed it. */
interface OpenedClient {
  readonly real: EngineClient;
  closes: number;
}

/** The real engine, with a count of what reached it (to prove rejected calls never do). */
function countingEngine(): { engine: EngineLike; calls: string[]; connects: () => number; clients: OpenedClient[] } {
  const calls: string[] = [];
  const clients: OpenedClient[] = [];
  return {
    calls,
    clients,
    connects: () => clients.length,
    engine: {
      connect(sink: (ev: EngineEvent) => void): EngineClientLike {
        const opened: OpenedClient = { real: engine.connect(sink), closes: 0 };
        clients.push(opened);
        return {
          invoke: (cmd, args) => {
            calls.push(cmd);
            return opened.real.invoke(cmd, args);
          },
          close: () => {
            opened.closes += 1;
            opened.real.close();
          },
        };
      },
    },
  };
}

function setup(extra: { opened?: string[] } = {}) {
  const ipc = new FakeIpcMain();
  const ours = new Set<number>();
  const counted = countingEngine();
  const registry = registerIpc({
    ipc,
    engine: counted.engine,
    allowedOrigins: [APP_ORIGIN],
    isOurWebContents: (wc) => ours.has(wc.id),
    openExternal: async (url) => {
      extra.opened?.push(url);
      return true;
    },
    pickFolder: async () => '/picked/folder',
  });
  const window = (): FakeWebContents => {
    const wc = new FakeWebContents();
    ours.add(wc.id);
    return wc;
  };
  const mainFrame = (url = `${APP_ORIGIN}/index.html`): FrameLike => ({ url, parent: null });
  const call = (wc: WebContentsLike, cmd: string, args: unknown, frame: FrameLike | null = mainFrame()): Promise<Result<unknown>> =>
    ipc.invoke({ sender: wc, senderFrame: frame }, `dynodesk:${cmd}`, args) as Promise<Result<unknown>>;
  return { ipc, registry, counted, window, mainFrame, call, ours };
}


async function poll<T>(what: string, fn: () => Promise<T | null>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('one handler per command plus the two host channels, nothing generic', (t) => {
  const { ipc, registry } = setup();
  t.after(() => registry.close());
  const expected = [...commandNames.map((c) => `dynodesk:${c}`), OPEN_EXTERNAL_CHANNEL, PICK_FOLDER_CHANNEL].sort();
  assert.deepEqual([...ipc.handlers.keys()].sort(), expected);
  assert.deepEqual([...registry.channels].sort(), expected);
});

test('an unknown command has no handler at all', async (t) => {
  const { ipc, registry, window, mainFrame, counted } = setup();
  t.after(() => registry.close());
  await assert.rejects(ipc.invoke({ sender: window(), senderFrame: mainFrame() }, 'dynodesk:shell.exec', { cmd: 'rm -rf /' }), /No handler registered/);
  await assert.rejects(ipc.invoke({ sender: window(), senderFrame: mainFrame() }, 'dynodesk:', {}), /No handler registered/);
  assert.equal(counted.connects(), 0);
});

test('a schema-invalid payload is rejected with a message and never reaches the engine', async (t) => {
  const { registry, window, call, counted } = setup();
  t.after(() => registry.close());
  const wc = window();
  const cases: [string, unknown, RegExp][] = [
    ['apps.deploy', { path: 42 }, /Invalid arguments for apps\.deploy: path: /],
    ['apps.deploy', { path: '/tmp', evil: true }, /Invalid arguments for apps\.deploy/],
    ['ps.scale', { app: '', formation: { web: 1 } }, /app/],
    ['terminal.resize', { app: 'a', dyno: 'web.1', cols: 0, rows: 10 }, /cols/],
    ['apps.list', 'not an object', /Invalid arguments for apps\.list/],
  ];
  for (const [cmd, args, message] of cases) {
    const r = await call(wc, cmd, args);
    assert.equal(r.ok, false, cmd);
    if (!r.ok) {
      assert.equal(r.error.code, 'invalid');
      assert.match(r.error.message, message);
    }
  }
  assert.deepEqual(counted.calls, []);
  assert.equal(counted.connects(), 0, 'no engine client was even created');
});

test('senders other than our top frame showing app:// are refused before the engine', async (t) => {
  const { registry, window, call, counted } = setup();
  t.after(() => registry.close());
  const ours = window();
  const foreign = new FakeWebContents();
  const top: FrameLike = { url: `${APP_ORIGIN}/index.html`, parent: null };
  const refusals: [WebContentsLike, FrameLike | null, string][] = [
    [foreign, top, 'a webContents not made by the window factory'],
    [ours, { url: `${APP_ORIGIN}/index.html`, parent: top }, 'a subframe'],
    [ours, { url: 'https://evil.example/', parent: null }, 'a navigated-away page'],
    [ours, { url: 'app://other/index.html', parent: null }, 'another app:// host'],
    [ours, null, 'a destroyed frame'],
  ];
  for (const [wc, frame, label] of refusals) {
    const r = await call(wc, 'apps.list', {}, frame);
    assert.equal(r.ok, false, label);
    if (!r.ok) assert.equal(r.error.code, 'forbidden', label);
  }
  assert.deepEqual(counted.calls, []);
});

test('a valid call reaches the real engine and returns its result', async (t) => {
  const { registry, window, call, counted } = setup();
  t.after(() => registry.close());
  const r = await call(window(), 'engine.info', {});
  assert.equal(r.ok, true);
  const info = (r as { ok: true; value: EngineInfo }).value;
  assert.equal(info.dataDir, dataDir);
  assert.equal(info.routerPort, engine.routerPort);
  const list = await call(window(), 'apps.list', undefined);
  assert.deepEqual(list, { ok: true, value: [] });
  // The engine's own answer for a well-formed call about nothing is passed through untouched.
  const missing = await call(window(), 'apps.info', { app: 'nope' });
  assert.equal(missing.ok, false);
  if (!missing.ok) assert.equal(missing.error.code, 'not_found');
  assert.deepEqual(counted.calls, ['engine.info', 'apps.list', 'apps.info']);
});

test('deploying the sample app over IPC runs its dynos; events reach that window until it is destroyed', async (t) => {
  const { registry, window, call, counted } = setup();
  t.after(() => registry.close());
  const wc = window();
  const sample = ensureSampleApp(join(import.meta.dirname, '..', '..', 'resources', 'sample-app'), dataDir);
  assert.ok(sample);
  const deployed = await call(wc, 'apps.deploy', { path: sample, name: 'sample' });
  assert.equal(deployed.ok, true, JSON.stringify(deployed));
  t.after(async () => {
    await call(wc, 'apps.destroy', { app: 'sample' }).catch(() => undefined);
  });
  // app.json's formation: two web dynos and a worker.
  const dynos = await poll('web.1, web.2 and worker.1 up', async () => {
    const r = await call(wc, 'ps.list', { app: 'sample' });
    if (!r.ok) return null;
    const list = r.value as DynoDTO[];
    const up = (n: string): boolean => list.some((d) => d.name === n && d.state === 'up');
    return up('web.1') && up('web.2') && up('worker.1') ? list : null;
  });
  assert.equal(dynos.length, 3);
  const page = await httpGet(engine.routerPort, `sample.localhost:${engine.routerPort}`);
  assert.equal(page.status, 200);
  assert.match(page.body, /Served by <span class="dyno">web\.[12]<\/span>/);
  assert.match(page.body, /Hello from Dynodesk!/);
  const events = wc.sent.filter((s) => s.channel === EVENT_CHANNEL).map((s) => (s.message as EngineEvent).event);
  assert.ok(events.includes('dynos.changed'), `events seen: ${[...new Set(events)].join(', ')}`);
  assert.ok(wc.sent.every((s) => s.channel === EVENT_CHANNEL));

  // Destroying the window closes its engine client: nothing more is sent to it.
  assert.equal(counted.clients.length, 1, 'one engine client for the window');
  const own = counted.clients[0] as OpenedClient;
  assert.equal(own.closes, 0);
  wc.destroy();
  assert.equal(own.closes, 1, "the window's 'destroyed' closed its engine client");
  const refused = await own.real.invoke('apps.list', {});
  assert.equal(refused.ok, false, 'the engine itself no longer serves that client');
  if (!refused.ok) assert.match(refused.error.message, /connection is closed/);
  const sentBefore = wc.sent.length;
  const other = window();
  const scaled = await call(other, 'ps.scale', { app: 'sample', formation: { worker: 0 } });
  assert.equal(scaled.ok, true);
  // The scale produces events: the open window gets them, the destroyed one none.
  await poll('dynos.changed to reach the open window', async () =>
    other.sent.some((s) => (s.message as EngineEvent).event === 'dynos.changed') ? true : null);
  const destroyed = await call(other, 'apps.destroy', { app: 'sample' });
  assert.equal(destroyed.ok, true, JSON.stringify(destroyed));
  assert.equal(wc.sent.length, sentBefore);
  assert.equal(counted.clients.length, 2, 'the other window got a client of its own');
  assert.equal(counted.clients[1]?.closes, 0, 'and it stays open');
});

test('open-external and pick-folder go through the sender check', async (t) => {
  const opened: string[] = [];
  const { ipc, registry, window, mainFrame } = setup({ opened });
  t.after(() => registry.close());
  const wc = window();
  assert.equal(await ipc.invoke({ sender: wc, senderFrame: mainFrame() }, OPEN_EXTERNAL_CHANNEL, 'https://example.com/'), true);
  assert.equal(await ipc.invoke({ sender: new FakeWebContents(), senderFrame: mainFrame() }, OPEN_EXTERNAL_CHANNEL, 'https://x.example/'), false);
  assert.equal(await ipc.invoke({ sender: wc, senderFrame: mainFrame('https://evil.example/') }, OPEN_EXTERNAL_CHANNEL, 'https://y.example/'), false);
  assert.equal(await ipc.invoke({ sender: wc, senderFrame: mainFrame() }, OPEN_EXTERNAL_CHANNEL, { url: 'https://z.example/' }), false);
  assert.deepEqual(opened, ['https://example.com/']);
  assert.equal(await ipc.invoke({ sender: wc, senderFrame: mainFrame() }, PICK_FOLDER_CHANNEL), '/picked/folder');
  assert.equal(await ipc.invoke({ sender: wc, senderFrame: { url: `${APP_ORIGIN}/`, parent: mainFrame() } }, PICK_FOLDER_CHANNEL), null);
});

test('close() removes every handler and closes the per-window clients', async () => {
  const { ipc, registry, window, call, counted } = setup();
  const wc = window();
  assert.equal((await call(wc, 'apps.list', {})).ok, true);
  registry.close();
  assert.equal(ipc.handlers.size, 0);
  assert.deepEqual(counted.clients.map((c) => c.closes), [1]);
  registry.close(); // idempotent
});

test('a frame that Electron reports as disposed is refused, not a crash', async (t) => {
  const { registry, window, call } = setup();
  t.after(() => registry.close());
  const disposed = {
    get url(): string {
      throw new Error('Render frame was disposed before WebFrameMain could be accessed');
    },
    parent: null,
  };
  const r = await call(window(), 'apps.list', {}, disposed);
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.error.code, 'forbidden');
});
