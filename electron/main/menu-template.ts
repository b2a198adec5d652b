// The application menu as data. Roles give each platform its native items (Edit, Window…);
// our own actions arrive as callbacks.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  addApp(): void;
  installCli(): void;
  openDataDir(): void;
  /** Opens the Preferences view (LAN access) in the window. */
  openPreferences(): void;
}

export function buildMenuTemplate(platform: NodeJS.Platform, actions: MenuActions, devTools: boolean): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const installCli: MenuItemConstructorOptions = { label: 'Install Command Line Tool…', click: () => actions.installCli() };
  // Where each platform's users look for it: the app menu on macOS, File elsewhere; Cmd/Ctrl+, on both.
  const preferences: MenuItemConstructorOptions = { label: isMac ? 'Settings…' : 'Preferences…', accelerator: 'CmdOrCtrl+,', click: () => actions.openPreferences() };
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: 'Dynodesk',
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        preferences,
        installCli,
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push({
    label: 'File',
    submenu: [
      { label: 'Add App…', accelerator: 'CmdOrCtrl+O', click: () => actions.addApp() },
      { type: 'separator' },
      { label: 'Open Data Folder', click: () => actions.openDataDir() },
      ...(isMac ? [] : [{ type: 'separator' } as const, preferences, installCli, { type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  });
  template.push({ role: 'editMenu' });
  template.push({
    label: 'View',
    submenu: [
      { role: 'reload' },
      ...(devTools ? [{ role: 'toggleDevTools' } as const] : []),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({ role: 'windowMenu' });
  return template;
}
