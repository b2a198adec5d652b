import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandNames } from '../../shared/commands.js';
import { COMMAND_NAMES } from '../../electron/preload/command-list.js';
import { createDynodeskApi, createHostApi, type IpcRendererLike } from '../../electron/preload/api.js';
import { EVENT_CHANNEL, MENU_VIEW_CHANNEL, OPEN_EXTERNAL_CHANNEL, PICK_FOLDER_CHANNEL, SAMPLE_PATH_ARG } from '../../electron/main/ipc-channels.js';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** Records what the preload asks of ipcRenderer; plays the main process's replies. */
function fakeIpc(reply: (channel: string, args: unknown[]) => unknown = () => ({ ok: true, value: null })) {
  const invoked: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      invoked.push({ channel, args });
      return reply(channel, args);
    },
    on: (channel, l) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(l);
    },
    removeListener: (channel, l) => {
      listeners.get(channel)?.delete(l);
    },
  };
  const emit = (message: unknown): void => {
    for (const l of listeners.get(EVENT_CHANNEL) ?? []) l({ sender: 'the raw IPC event must not leak' }, message);
  };
  return { ipc, invoked, listeners, emit };
}

test('the preload command list is exactly the contract', () => {
  assert.deepEqual([...COMMAND_NAMES].sort(), [...commandNames].sort());
});

test('window.dynodesk is frozen: one function per command, on, kind, and nothing else', () => {
  const api = createDynodeskApi(fakeIpc().ipc);
  assert.ok(Object.isFrozen(api));
  assert.deepEqual(Object.keys(api).sort(), [...commandNames, 'kind', 'on'].sort());
  for (const name of commandNames) assert.equal(typeof api[name], 'function', name);
  assert.equal(api.kind, 'electron');
  for (const forbidden of ['send', 'invoke', 'ipcRenderer', 'sendSync', 'postMessage']) assert.equal(forbidden in api, false, forbidden);
  assert.throws(() => {
    (api as unknown as Record<string, unknown>)['apps.list'] = () => 'hijacked';
  }, TypeError);
});

test('each command invokes its own channel with its arguments', async () => {
  const { ipc, invoked } = fakeIpc(() => ({ ok: true, value: [] }));
  const api = createDynodeskApi(ipc);
  assert.deepEqual(await api['apps.list']({}), { ok: true, value: [] });
  await api['ps.scale']({ app: 'a', formation: { web: 2 } });
  assert.deepEqual(invoked, [
    { channel: 'dynodesk:apps.list', args: [{}] },
    { channel: 'dynodesk:ps.scale', args: [{ app: 'a', formation: { web: 2 } }] },
  ]);
});

test('on() filters the one event channel, hands listeners only the payload, and unsubscribes', () => {
  const { ipc, listeners, emit } = fakeIpc();
  const api = createDynodeskApi(ipc);
  const got: unknown[] = [];
  const off = api.on('app.removed', (payload) => got.push(payload));
  const offOther = api.on('dynos.changed', () => got.push('wrong'));
  assert.equal(listeners.get(EVENT_CHANNEL)?.size, 1, 'one IPC listener however many subscribers');
  emit({ event: 'app.removed', payload: { name: 'x' } });
  emit({ event: 'nonsense' });
  emit('garbage');
  emit(null);
  assert.deepEqual(got, [{ name: 'x' }]);
  off();
  offOther();
  emit({ event: 'app.removed', payload: { name: 'y' } });
  assert.deepEqual(got, [{ name: 'x' }]);
  assert.equal(listeners.get(EVENT_CHANNEL)?.size, 0, 'the IPC listener goes with the last subscriber');
});

test('a throwing listener does not starve the others', () => {
  const { ipc, emit } = fakeIpc();
  const api = createDynodeskApi(ipc);
  const got: string[] = [];
  const error = console.error;
  console.error = () => undefined;
  try {
    api.on('app.removed', () => {
      throw new Error('boom');
    });
    api.on('app.removed', (p) => got.push(p.name));
    emit({ event: 'app.removed', payload: { name: 'z' } });
  } finally {
    console.error = error;
  }
  assert.deepEqual(got, ['z']);
});

test('window.dynodeskHost is frozen and uses only its dedicated channels', async () => {
  const { ipc, invoked } = fakeIpc((channel) => (channel === OPEN_EXTERNAL_CHANNEL ? true : '/picked'));
  const host = createHostApi({
    ipc,
    getPathForFile: () => '/dropped/folder',
    platform: 'linux',
    argv: ['/electron', '--type=renderer', `${SAMPLE_PATH_ARG}/data/sample-app`],
  });
  assert.ok(Object.isFrozen(host));
  assert.deepEqual(Object.keys(host).sort(), ['onMenuView', 'openExternal', 'pathForFile', 'pickFolder', 'platform', 'samplePath']);
  assert.equal(host.platform, 'linux');
  assert.equal(host.samplePath, '/data/sample-app');
  assert.equal(host.pathForFile({} as File), '/dropped/folder');
  assert.equal(await host.openExternal('https://example.com/'), true);
  assert.equal(await host.pickFolder(), '/picked');
  assert.deepEqual(invoked.map((i) => i.channel), [OPEN_EXTERNAL_CHANNEL, PICK_FOLDER_CHANNEL]);
});

test('onMenuView passes on only known view names, never the IPC event, and unsubscribes', () => {
  const { ipc, listeners } = fakeIpc();
  const host = createHostApi({ ipc, getPathForFile: () => '', platform: 'linux', argv: [] });
  const seen: unknown[] = [];
  const off = host.onMenuView((...args: unknown[]) => seen.push(args));
  const fire = (view: unknown): void => {
    for (const l of listeners.get(MENU_VIEW_CHANNEL) ?? []) l({ sender: 'the raw IPC event must not leak' }, view);
  };
  fire('preferences');
  fire('devtools');
  fire({ view: 'preferences' });
  assert.deepEqual(seen, [['preferences']]);
  off();
  assert.equal(listeners.get(MENU_VIEW_CHANNEL)?.size ?? 0, 0);
  fire('preferences');
  assert.equal(seen.length, 1);
  assert.throws(() => host.onMenuView(null as unknown as () => void), TypeError);
});

test('samplePath is null when main passed none', () => {
  const host = createHostApi({ ipc: fakeIpc().ipc, getPathForFile: () => '', platform: 'darwin', argv: ['/electron'] });
  assert.equal(host.samplePath, null);
});
