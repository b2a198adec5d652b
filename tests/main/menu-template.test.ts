import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate } from '../../electron/main/menu-template.js';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

for (const platform of ['darwin', 'linux', 'win32'] as const) {
  test(`${platform}: Add App… and Install Command Line Tool… are in the menu and call their actions`, () => {
    const calls: string[] = [];
    const items = flatten(buildMenuTemplate(platform, {
      addApp: () => calls.push('add'),
      installCli: () => calls.push('cli'),
      openDataDir: () => calls.push('data'),
      openPreferences: () => calls.push('prefs'),
    }, false));
    const byLabel = (label: string): MenuItemConstructorOptions | undefined => items.find((i) => i.label === label);
    const add = byLabel('Add App…');
    const cli = byLabel('Install Command Line Tool…');
    // macOS calls it Settings… (in the app menu); elsewhere Preferences… (in File). Cmd/Ctrl+, on all.
    const prefs = byLabel(platform === 'darwin' ? 'Settings…' : 'Preferences…');
    assert.ok(add && cli && prefs);
    assert.equal(prefs.accelerator, 'CmdOrCtrl+,');
    (add.click as () => void)();
    (cli.click as () => void)();
    (prefs.click as () => void)();
    assert.deepEqual(calls, ['add', 'cli', 'prefs']);
    assert.equal(items.some((i) => i.role === 'toggleDevTools'), false, 'no devtools item in a packaged build');
    assert.ok(items.some((i) => i.role === 'quit'));
  });
}
