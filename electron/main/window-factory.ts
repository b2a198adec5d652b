// The only place BrowserWindows are created. Every window gets the same locked-down web
// preferences (web-preferences.ts), denies navigation, new windows and permission requests,
// and remembers its size and position in the data dir.
import { app, BrowserWindow, screen, session, type Session, type WebContents } from 'electron';
import { secureWebPreferences } from './web-preferences.js';
import { fitToWorkAreas, loadWindowState, saveWindowState, MIN_HEIGHT, MIN_WIDTH, type WindowState } from './window-state.js';
import { onThemeBackground, themeBackground } from './theme.js';

export interface MainWindowOptions {
  preloadPath: string;
  samplePath: string | null;
  /** JSON file in the data dir holding the remembered bounds. */
  stateFile: string;
  /** app://dynodesk/index.html, or the Vite dev server URL in development. */
  startUrl: string;
  /** Called for a link the user clicked that would navigate the window (e.g. an https doc link). */
  onExternalLink(url: string): void;
  iconPath?: string;
}

const ourWebContents = new Set<number>();

/** True for webContents of windows made here; the IPC registry refuses everyone else. */
export function isOurWebContents(wc: { id: number }): boolean {
  return ourWebContents.has(wc.id);
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const saved = fitToWorkAreas(loadWindowState(opts.stateFile), screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    width: saved.width,
    height: saved.height,
    ...(saved.x !== undefined && saved.y !== undefined ? { x: saved.x, y: saved.y } : {}),
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: 'Dynodesk',
    show: false,
    backgroundColor: themeBackground(),
    ...(opts.iconPath ? { icon: opts.iconPath } : {}),
    webPreferences: secureWebPreferences({ preloadPath: opts.preloadPath, samplePath: opts.samplePath, devTools: !app.isPackaged }),
  });
  const wc = win.webContents;
  const id = wc.id;
  ourWebContents.add(id);
  guardWebContents(wc, opts.onExternalLink);
  if (saved.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  const stopTheme = onThemeBackground((color) => {
    if (!win.isDestroyed()) win.setBackgroundColor(color);
  });
  const stopState = rememberBounds(win, opts.stateFile);
  win.on('closed', () => {
    ourWebContents.delete(id);
    stopTheme();
    stopState();
  });

  void win.loadURL(opts.startUrl);
  return win;
}

const guarded = new WeakSet<WebContents>();

/** Deny-by-default for anything a page could do to leave our renderer. Idempotent. */
export function guardWebContents(wc: WebContents, onExternalLink: (url: string) => void): void {
  // 'web-contents-created' fires for our own windows too; one set of handlers, or a clicked link opens twice.
  if (guarded.has(wc)) return;
  guarded.add(wc);
  wc.setWindowOpenHandler(({ url }) => {
    onExternalLink(url);
    return { action: 'deny' };
  });
  wc.on('will-navigate', (event, url) => {
    event.preventDefault();
    onExternalLink(url);
  });
  wc.on('will-attach-webview', (event) => event.preventDefault());
}

/** Permission prompts (camera, notifications, geolocation, …): the renderer needs none of them. */
export function denyAllPermissions(ses: Session = session.defaultSession): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

/** Any webContents, even one not made by the factory, gets the same guards. */
export function guardEveryWebContents(onExternalLink: (url: string) => void): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, onExternalLink));
}

function rememberBounds(win: BrowserWindow, file: string): () => void {
  let timer: NodeJS.Timeout | null = null;
  const save = (): void => {
    if (win.isDestroyed()) return;
    const b = win.getNormalBounds();
    const state: WindowState = { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
    try {
      saveWindowState(file, state);
    } catch {
      // Losing the window size is not worth an error dialog.
    }
  };
  const later = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', save);
  return () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
}
