// The `dynodesk` launcher that "Install Command Line Tool…" puts on the PATH. It runs the CLI
// bundle (copied into the data dir, so it survives the app moving or an AppImage unmounting)
// with system Node, pointed at the desktop app's data dir so it reaches the running engine
// through the control socket there. Pure text; the installer writes it.
import { join } from 'node:path';
import { shQuote } from '../engine/platform-shell.js';

/** First line after the shebang: how the installer recognises a launcher it may overwrite. */
export const SHIM_MARKER = 'Installed by Dynodesk';
export const NODE_MISSING = 'dynodesk: Node.js 20 or later must be on your PATH to run the command line tool (install it from nodejs.org or your package manager).';

export function posixLauncher(cliPath: string, dataDir: string): string {
  return [
    '#!/bin/sh',
    `# ${SHIM_MARKER}: runs the dynodesk CLI against the desktop app's engine.`,
    `if [ -z "\${DYNODESK_HOME:-}" ]; then DYNODESK_HOME=${shQuote(dataDir)}; fi`,
    'export DYNODESK_HOME',
    'if ! command -v node >/dev/null 2>&1; then',
    `  echo ${shQuote(NODE_MISSING)} >&2`,
    '  exit 127',
    'fi',
    `exec node ${shQuote(cliPath)} "$@"`,
    '',
  ].join('\n');
}

export function windowsCmdShim(cliPath: string, dataDir: string): string {
  for (const p of [cliPath, dataDir]) {
    // cmd.exe has no reliable escaping for these inside quotes; Windows paths never need them.
    if (/["\r\n]/.test(p)) throw new Error(`Cannot write a launcher for a path containing quotes or newlines: ${p}`);
  }
  const pct = (s: string): string => s.replace(/%/g, '%%');
  return [
    '@echo off',
    `rem ${SHIM_MARKER}: runs the dynodesk CLI against the desktop app's engine.`,
    'setlocal',
    `if not defined DYNODESK_HOME set "DYNODESK_HOME=${pct(dataDir)}"`,
    'where node >nul 2>nul',
    `if errorlevel 1 (echo ${NODE_MISSING.replace(/[()&|<>^]/g, '^$&')} 1>&2 & exit /b 9009)`,
    `node "${pct(cliPath)}" %*`,
    '',
  ].join('\r\n');
}

export interface ShimTarget {
  dir: string;
  file: string;
  /** Writing here may need an administrator prompt. */
  system: boolean;
}

/** Where to put the launcher, best first. */
export function shimTargets(platform: NodeJS.Platform, home: string, env: NodeJS.ProcessEnv): ShimTarget[] {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA ?? join(home, 'AppData', 'Local');
    const dir = join(local, 'Dynodesk', 'bin');
    return [{ dir, file: join(dir, 'dynodesk.cmd'), system: false }];
  }
  const userDir = join(home, '.local', 'bin');
  return [
    { dir: '/usr/local/bin', file: '/usr/local/bin/dynodesk', system: true },
    { dir: userDir, file: join(userDir, 'dynodesk'), system: false },
  ];
}

export function isDirOnPath(dir: string, pathVar: string | undefined, platform: NodeJS.Platform): boolean {
  if (!pathVar) return false;
  const sepChar = platform === 'win32' ? ';' : ':';
  const norm = (p: string): string => {
    const t = p.replace(/[\\/]+$/, '');
    return platform === 'win32' ? t.toLowerCase() : t;
  };
  return pathVar.split(sepChar).some((p) => p !== '' && norm(p) === norm(dir));
}
