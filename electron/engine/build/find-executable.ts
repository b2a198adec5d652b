// Locate a command on a PATH the way the shell would, without running it: the build checks
// for node/npm/python3 up front so a missing tool gets a message that says what to install.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** PATH from an env record; Windows spells it `Path` as often as `PATH`. */
export function pathOf(env: Record<string, string | undefined>): string {
  if (env['PATH'] !== undefined) return env['PATH'];
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH');
  return key ? (env[key] ?? '') : '';
}

/** A copy of `env` with `dirs` put first on its PATH (under whatever spelling of PATH it uses). */
export function withPathPrepended(env: Record<string, string>, dirs: readonly string[]): Record<string, string> {
  if (dirs.length === 0) return { ...env };
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  return { ...env, [key]: [...dirs, env[key] ?? ''].filter(Boolean).join(delimiter) };
}

export function findExecutable(name: string, env: Record<string, string | undefined>): string | null {
  const win = process.platform === 'win32';
  const exts = win ? (env['PATHEXT'] ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean) : [''];
  for (const folder of pathOf(env).split(delimiter)) {
    // An empty PATH entry means the current directory: never resolve build tools from there.
    if (!folder || !isAbsolute(folder)) continue;
    for (const ext of exts) {
      const candidate = join(folder, name + ext);
      if (isRunnable(candidate, win)) return candidate;
    }
  }
  return null;
}

function isRunnable(file: string, win: boolean): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (!win) accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The message issue 5 asks for: say exactly what to install. */
export function missingToolMessage(tool: 'node' | 'npm' | 'python3' | 'pnpm' | 'yarn'): string {
  switch (tool) {
    case 'node':
    case 'npm':
      return `This app needs Node.js, but "${tool}" was not found on your PATH. Install Node.js 20 or later from nodejs.org and try again.`;
    case 'python3':
      return `This app needs Python, but "${pythonCommand()}" was not found on your PATH. Install Python 3 from python.org and try again.`;
    case 'pnpm':
      return 'This app has a pnpm-lock.yaml, but "pnpm" was not found on your PATH. Install pnpm (npm install -g pnpm, or corepack enable) and try again, or remove pnpm-lock.yaml to use npm.';
    case 'yarn':
      return 'This app has a yarn.lock, but "yarn" was not found on your PATH. Install Yarn (npm install -g yarn, or corepack enable) and try again, or remove yarn.lock to use npm.';
  }
}

/** Python 3's usual name: python.org's Windows installer provides `python`, not `python3`. */
export function pythonCommand(): string {
  return process.platform === 'win32' ? 'python' : 'python3';
}
