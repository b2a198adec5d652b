// Electron main: app lifecycle. Hosts the engine in-process, serves the renderer on app://,
// opens the CLI's control socket, and on quit stops every dyno before letting the app exit.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain } from 'electron';
import { defaultDataDir } from '../engine/data-dir.js';
import { Engine } from '../engine/engine.js';
import { startControlServer, type ControlServer } from '../host/control-server.js';
import { APP_INDEX_URL, APP_ORIGIN } from './app-protocol.js';
import { resolveAppPaths } from './app-paths.js';
import { installCommandLineTool } from './cli-install.js';
import { devServerUrl } from './dev-server.js';
import { routerPortFromEnv } from './env-options.js';
import { EVENT_CHANNEL } from './ipc-channels.js';
import { registerIpc, type EngineClientLike, type IpcRegistry } from './ipc-registry.js';
import { installAppMenu, pickFolder } from './menu.js';
import { notifyOnCrash } from './notifications.js';
import { openExternalSafely } from './open-external.js';
import { registerAppSchemePrivileges, serveRenderer } from './renderer-protocol.js';
import { ensureSampleApp } from './sample-app.js';
import { createQuitFlow } from './shutdown.js';
import { createMainWindow, denyAllPermissions, guardEveryWebContents, isOurWebContents } from './window-factory.js';

// The bundle is CommonJS (dist-electron/main.cjs), so __dirname is the bundle's folder.
const paths = resolveAppPaths(__dirname, app.isPackaged, process.resourcesPath);
const dataDir = defaultDataDir();
const devUrl = app.isPackaged ? null : devServerUrl(process.env.DYNODESK_DEV_SERVER_URL);

app.setName('Dynodesk');
// Chromium's own profile lives inside our data dir, so DYNODESK_HOME also separates
// single-instance locks (a test instance never focuses the user's real window).
app.setPath('userData', join(dataDir, 'chromium'));
registerAppSchemePrivileges();

let engine: Engine | null = null;
let control: ControlServer | null = null;
let registry: IpcRegistry | null = null;
let mainClient: EngineClientLike | null = null;
let mainWindow: BrowserWindow | null = null;

const quitFlow = createQuitFlow({
  timeoutMs: 120_000,
  progress: (line) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (win.isDestroyed()) continue;
      win.setTitle(`Dynodesk — ${line}`);
      win.webContents.send(EVENT_CHANNEL, { event: 'engine.stopping', payload: { message: line } });
    }
  },
  stop: async (onProgress) => {
    registry?.close();
    mainClient?.close();
    await control?.close();
    await engine?.close(onProgress);
  },
  finish: (code) => (code === 0 ? app.quit() : app.exit(code)),
});

function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function openWindow(samplePath: string | null): BrowserWindow {
  const win = createMainWindow({
    preloadPath: paths.preload,
    samplePath,
    stateFile: join(dataDir, 'window-state.json'),
    startUrl: devUrl ?? APP_INDEX_URL,
    onExternalLink: (url) => void openExternalSafely(url),
    ...(existsSync(paths.icon) ? { iconPath: paths.icon } : {}),
  });
  // Closing the last window quits (except on macOS): keep it on screen showing progress while dynos stop.
  win.on('close', (event) => {
    if (process.platform !== 'darwin' && quitFlow.state !== 'done') {
      event.preventDefault();
      app.quit();
    }
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  return win;
}

async function start(): Promise<void> {
  await app.whenReady();
  denyAllPermissions();
  guardEveryWebContents((url) => void openExternalSafely(url));
  serveRenderer(paths.rendererDir);

  let samplePath: string | null = null;
  try {
    samplePath = ensureSampleApp(paths.sampleSource, dataDir);
  } catch (err) {
    console.error(`dynodesk: could not prepare the sample app: ${err instanceof Error ? err.message : String(err)}`);
  }

  const warnings: string[] = [];
  const routerPort = routerPortFromEnv(process.env.DYNODESK_ROUTER_PORT);
  engine = await Engine.open({
    dataDir,
    samplePath,
    ...(routerPort !== undefined ? { routerPort } : {}),
    ...(existsSync(paths.routerWorker) ? { routerWorkerPath: paths.routerWorker } : {}),
    onWarning: (m) => warnings.push(m),
  });
  control = await startControlServer(engine);
  registry = registerIpc({
    ipc: ipcMain,
    engine,
    allowedOrigins: devUrl ? [APP_ORIGIN, devUrl] : [APP_ORIGIN],
    isOurWebContents,
    openExternal: openExternalSafely,
    pickFolder: (sender) => pickFolder(BrowserWindow.getAllWindows().find((w) => w.webContents.id === sender.id) ?? null, 'Add App', 'Choose'),
  });
  mainClient = engine.connect((ev) => notifyOnCrash(ev, focusMainWindow));
  const client = mainClient;
  installAppMenu({
    window: () => mainWindow,
    client,
    dataDir,
    installCli: () => installCommandLineTool(mainWindow, dataDir, paths.cliFiles),
    devTools: !app.isPackaged,
  });
  mainWindow = openWindow(samplePath);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && quitFlow.state === 'running') mainWindow = openWindow(samplePath);
  });
  for (const w of warnings) void dialog.showMessageBox({ type: 'warning', message: 'Dynodesk', detail: w });
}

if (!app.requestSingleInstanceLock()) {
  // Another Dynodesk owns this data dir; it focuses its window on 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  app.on('before-quit', (event) => {
    if (quitFlow.shouldHoldQuit()) event.preventDefault();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Ctrl-C in the terminal that ran `npm start`: the same graceful path as the Quit menu.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
  start().catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`dynodesk: failed to start: ${message}`);
    dialog.showErrorBox('Dynodesk could not start', message);
    app.exit(1);
  });
}
