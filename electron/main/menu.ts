// Installs the application menu and implements "Add App…" (a native folder picker, then deploy).
import { dialog, Menu, shell, type BrowserWindow } from 'electron';
import type { EngineClientLike } from './ipc-registry.js';
import { MENU_VIEW_CHANNEL } from './ipc-channels.js';
import { buildMenuTemplate } from './menu-template.js';

export interface MenuDeps {
  window(): BrowserWindow | null;
  /** The main process's own engine client. */
  client: EngineClientLike;
  dataDir: string;
  installCli(): Promise<void>;
  devTools: boolean;
}

export function installAppMenu(deps: MenuDeps): void {
  const template = buildMenuTemplate(process.platform, {
    addApp: () => void addAppFromDialog(deps),
    installCli: () => void deps.installCli(),
    openDataDir: () => void shell.openPath(deps.dataDir),
    openPreferences: () => deps.window()?.webContents.send(MENU_VIEW_CHANNEL, 'preferences'),
  }, deps.devTools);
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** The folder picker, attached to `win` when there is one. */
export async function pickFolder(win: BrowserWindow | null, title: string, buttonLabel: string): Promise<string | null> {
  const options = { title, buttonLabel, properties: ['openDirectory' as const] };
  const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  const path = picked.filePaths[0];
  return picked.canceled || !path ? null : path;
}

/** The renderer shows deploy progress from the engine's deploy.progress events; we only report failure. */
export async function addAppFromDialog(deps: MenuDeps): Promise<void> {
  const win = deps.window();
  const path = await pickFolder(win, 'Add App', 'Deploy');
  if (!path) return;
  const result = await deps.client.invoke('apps.deploy', { path });
  if (!result.ok) {
    const box = { type: 'error' as const, message: 'Deploy failed', detail: result.error.message };
    if (win) await dialog.showMessageBox(win, box);
    else await dialog.showMessageBox(box);
  }
}
