// The platform shell, used for build steps and release commands exactly as for dynos:
// never Electron's binary, never a user-chosen shell.

export interface ShellInvocation {
  file: string;
  args: string[];
  /** Windows: cmd.exe parses its own command line, so Node must not re-quote it. */
  windowsVerbatimArguments: boolean;
}

export function shellInvocation(command: string): ShellInvocation {
  if (process.platform === 'win32') {
    return { file: process.env['ComSpec'] ?? 'cmd.exe', args: ['/d', '/s', '/c', `"${command}"`], windowsVerbatimArguments: true };
  }
  return { file: '/bin/sh', args: ['-c', command], windowsVerbatimArguments: false };
}

/** Quote one argument for the platform shell. */
export function quoteArg(arg: string): string {
  if (process.platform === 'win32') {
    // cmd.exe: double quotes; a literal " inside is doubled. Paths never contain one in practice.
    return `"${arg.replace(/"/g, '""')}"`;
  }
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return shQuote(arg);
}

/**
 * A POSIX shell single-quoted literal, always quoted. The one copy of this rule: build commands
 * use it through quoteArg, and the desktop app's `dynodesk` launcher (electron/main/cli-shim.ts).
 */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
