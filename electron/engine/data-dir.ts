import { homedir } from 'node:os';
import { join } from 'node:path';

/** DYNODESK_HOME, else the folder Electron would use as the desktop app's user data ("Dynodesk"). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.DYNODESK_HOME) return env.DYNODESK_HOME;
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Dynodesk');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Dynodesk');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Dynodesk');
}
