// A scripted stand-in for the `electron` module, preloaded with `node --require` so the real
// dist-electron/main.cjs runs under plain Node (this machine has no Electron binary). It plays
// the app lifecycle, records what main asks of Electron, drives one window through the checks
// in tests/main/main-smoke.test.ts, then quits. Every observation is a JSON line on stdout.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a `node --require` preload is CommonJS by nature */
const Module = require('node:module');
const { EventEmitter } = require('node:events');

const report = (what, data = {}) => process.stdout.write(JSON.stringify({ what, ...data }) + '\n');
const event = () => ({ defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } });

const protocolHandlers = new Map();
const ipcHandlers = new Map();
const windows = [];
let nextId = 1;
let permissionRequest = null;
let permissionCheck = null;

class FakeApp extends EventEmitter {
  constructor() {
    super();
    this.isPackaged = false;
  }
  setName(name) { report('setName', { name }); }
  setPath(key, path) { report('setPath', { key, path }); }
  requestSingleInstanceLock() { return true; }
  whenReady() { return new Promise((resolve) => setImmediate(resolve)); }
  quit() {
    const ev = event();
    this.emit('before-quit', ev);
    if (ev.defaultPrevented) { report('quit-held'); return; }
    for (const w of [...windows]) w.close();
    report('quit');
    setImmediate(() => process.exit(0));
  }
  exit(code) { report('exit', { code }); process.exit(code); }
}
const app = new FakeApp();

class FakeWebContents extends EventEmitter {
  constructor() { super(); this.id = nextId++; this.destroyed = false; this.openHandler = null; }
  send(channel, message) { report('send', { channel, event: message && message.event, message: message && message.payload && message.payload.message }); }
  isDestroyed() { return this.destroyed; }
  setWindowOpenHandler(h) { this.openHandler = h; }
}

class BrowserWindow extends EventEmitter {
  static getAllWindows() { return windows.filter((w) => !w.destroyed); }
  constructor(opts) {
    super();
    this.opts = opts;
    this.destroyed = false;
    this.webContents = new FakeWebContents();
    windows.push(this);
    app.emit('web-contents-created', event(), this.webContents);
    report('window', { webPreferences: opts.webPreferences, backgroundColor: opts.backgroundColor, width: opts.width });
  }
  loadURL(url) { report('loadURL', { url }); setImmediate(() => drive(this).catch((e) => { report('drive-error', { message: String(e && e.stack || e) }); process.exit(3); })); return Promise.resolve(); }
  isDestroyed() { return this.destroyed; }
  maximize() {}
  show() {}
  focus() {}
  restore() {}
  isMinimized() { return false; }
  isMaximized() { return false; }
  setTitle(title) { report('title', { title }); }
  setBackgroundColor() {}
  getNormalBounds() { return { x: 10, y: 20, width: 1100, height: 700 }; }
  close() {
    const ev = event();
    this.emit('close', ev);
    if (ev.defaultPrevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.webContents.emit('destroyed');
    this.emit('closed');
  }
}

/** What the page would do: load itself over app://, call the engine, try to escape. */
async function drive(win) {
  const wc = win.webContents;
  const handler = protocolHandlers.get('app');
  const page = await handler({ url: 'app://dynodesk/index.html', method: 'GET' });
  const body = await page.text();
  report('page', { status: page.status, csp: page.headers.get('content-security-policy'), body });
  const escape = await handler({ url: 'app://dynodesk/..%2f..%2fpackage.json', method: 'GET' });
  report('escape', { status: escape.status });

  const top = { url: 'app://dynodesk/index.html', parent: null };
  const info = await ipcHandlers.get('dynodesk:engine.info')({ sender: wc, senderFrame: top }, {});
  report('ipc', { result: info });
  const sub = await ipcHandlers.get('dynodesk:apps.list')({ sender: wc, senderFrame: { url: top.url, parent: top } }, {});
  report('ipc-subframe', { result: sub });

  const nav = event();
  wc.emit('will-navigate', nav, 'https://example.com/docs');
  const open = wc.openHandler({ url: 'file:///etc/passwd' });
  let granted = null;
  permissionRequest(wc, 'media', (v) => { granted = v; }, {});
  report('guards', { navigationPrevented: nav.defaultPrevented, windowOpen: open.action, permissionGranted: granted, permissionCheck: permissionCheck(wc, 'notifications', 'app://dynodesk', {}) });

  // The user closes the window: on Linux that quits, after stopping every dyno.
  win.close();
}

const fake = {
  app,
  BrowserWindow,
  protocol: {
    registerSchemesAsPrivileged(schemes) { report('schemes', { schemes }); },
    handle(scheme, h) { protocolHandlers.set(scheme, h); },
    unhandle(scheme) { protocolHandlers.delete(scheme); },
  },
  ipcMain: {
    handle(channel, listener) { ipcHandlers.set(channel, listener); },
    removeHandler(channel) { ipcHandlers.delete(channel); },
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler(h) { permissionRequest = h; },
      setPermissionCheckHandler(h) { permissionCheck = h; },
      setDevicePermissionHandler() {},
    },
  },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  nativeTheme: Object.assign(new EventEmitter(), { shouldUseDarkColors: false }),
  Menu: {
    buildFromTemplate: (template) => ({ template }),
    setApplicationMenu(menu) {
      const labels = [];
      const walk = (items) => { for (const i of items) { if (i.label) labels.push(i.label); if (Array.isArray(i.submenu)) walk(i.submenu); } };
      walk(menu.template);
      report('menu', { labels });
    },
  },
  dialog: {
    showErrorBox(title, message) { report('errorBox', { title, message }); },
    showMessageBox: async (...args) => { report('messageBox', { detail: (args[1] || args[0]).detail }); return { response: 0 }; },
    showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
  },
  shell: {
    openExternal: async (url) => { report('openExternal', { url }); },
    openPath: async () => '',
  },
  Notification: class { static isSupported() { return false; } },
};

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'electron') return 'electron';
  return resolve.call(this, request, ...rest);
};
require.cache.electron = { id: 'electron', filename: 'electron', loaded: true, exports: fake };
