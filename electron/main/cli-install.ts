// "Install Command Line Tool…": the Electron side of cli-installer.ts — admin prompts and
// dialogs. macOS asks through osascript, Linux through pkexec (polkit); both fall back to
// ~/.local/bin when refused. Windows writes a .cmd shim and adds its folder to the user PATH.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { app, dialog, type BrowserWindow } from 'electron';
import { installCli } from './cli-installer.js';

function run(file: string, args: string[], env?: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 120_000, env: env ?? process.env, windowsHide: true }, (err) => resolve(err === null));
  });
}

function elevateFor(platform: NodeJS.Platform): ((tmp: string, target: string) => Promise<boolean>) | undefined {
  if (platform === 'darwin') {
    // Paths travel as argv and are quoted by AppleScript itself: no string splicing.
    const script = [
      'on run argv',
      'do shell script "mkdir -p /usr/local/bin && install -m 0755 " & quoted form of item 1 of argv & " " & quoted form of item 2 of argv with administrator privileges',
      'end run',
    ];
    return (tmp, target) => run('/usr/bin/osascript', [...script.flatMap((l) => ['-e', l]), tmp, target]);
  }
  if (platform === 'linux') {
    const pkexec = ['/usr/bin/pkexec', '/bin/pkexec'].find((p) => existsSync(p));
    if (!pkexec) return undefined;
    return (tmp, target) => run(pkexec, ['install', '-D', '-m', '0755', tmp, target]);
  }
  return undefined;
}

async function addToUserPath(dir: string): Promise<boolean> {
  // The folder arrives through the environment, so no quoting of it inside the script.
  const script = "$d=$env:DYNODESK_BIN_DIR; $p=[Environment]::GetEnvironmentVariable('Path','User'); if ($null -eq $p) { $p='' }; if (-not (($p -split ';') -contains $d)) { [Environment]::SetEnvironmentVariable('Path', (($p.TrimEnd(';') + ';' + $d).TrimStart(';')), 'User') }";
  return run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script], { ...process.env, DYNODESK_BIN_DIR: dir });
}

export async function installCommandLineTool(win: BrowserWindow | null, dataDir: string, appFiles: string): Promise<void> {
  const show = (type: 'info' | 'error', message: string, detail: string): Promise<unknown> =>
    win ? dialog.showMessageBox(win, { type, message, detail }) : dialog.showMessageBox({ type, message, detail });
  try {
    const elevate = elevateFor(process.platform);
    const result = await installCli({
      platform: process.platform,
      home: homedir(),
      env: process.env,
      dataDir,
      appFiles,
      version: app.getVersion(),
      ...(elevate ? { elevate } : {}),
      addToUserPath,
    });
    const lines = [
      `Installed ${result.file}.`,
      result.onPath ? 'Open a new terminal and run "dynodesk --help" — it talks to this app while it is running.' : (result.hint ?? ''),
      ...(result.skipped.length ? [`Left alone (not installed by Dynodesk): ${result.skipped.join(', ')}`] : []),
      ...(result.missing.length ? [`This build lacks ${result.missing.join(', ')}, so "dynodesk serve" may not fully work.`] : []),
      'The command needs Node.js 20 or later on your PATH.',
    ];
    await show('info', 'Command line tool installed', lines.filter(Boolean).join('\n\n'));
  } catch (err) {
    await show('error', 'Could not install the command line tool', err instanceof Error ? err.message : String(err));
  }
}
