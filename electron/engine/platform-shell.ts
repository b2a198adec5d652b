// The platform shell: how every command of an app is run (build steps, the release phase, dynos,
// one-offs), and how arguments are quoted for it. One module, so a build step and a dyno given the
// same command line run it the same way. Never Electron's binary, never a user-chosen shell.
import { existsSync } from 'node:fs';

export interface ShellInvocation {
  file: string;
  args: string[];
  /** Windows: cmd.exe parses its own command line, so the arguments must reach it unquoted. */
  windowsVerbatimArguments: boolean;
}

export interface ShellOptions {
  /**
   * POSIX: `exec` a simple command, so the program itself replaces the shell and receives signals
   * directly (dynos, where the shell would otherwise sit between the supervisor and the app).
   */
  execSimple?: boolean;
}

export function shellInvocation(command: string, options: ShellOptions = {}, platform: NodeJS.Platform = process.platform): ShellInvocation {
  if (platform === 'win32') {
    // `/s /c "<line>"`: cmd.exe strips exactly the outer quotes and runs the line as typed.
    const comspec = (platform === process.platform ? process.env['ComSpec'] : undefined) ?? 'cmd.exe';
    return { file: comspec, args: ['/d', '/s', '/c', `"${command}"`], windowsVerbatimArguments: true };
  }
  const line = options.execSimple === true && isSimpleCommand(command) ? `exec ${command}` : command;
  return { file: '/bin/sh', args: ['-c', line], windowsVerbatimArguments: false };
}

/** The argument list as node-pty wants it: on Windows a verbatim command line is one string. */
export function ptyArgs(inv: ShellInvocation): string[] | string {
  return inv.windowsVerbatimArguments ? inv.args.join(' ') : inv.args;
}

const SHELL_WORDS = new Set(['exit', 'cd', 'export', 'set', 'unset', 'source', '.', 'eval', 'exec', 'if', 'for', 'while', 'until', 'case', '{', '!', 'trap', 'return', 'shift', 'wait', 'ulimit', 'umask', 'alias', 'read', 'test', '[']);

/**
 * One plain program invocation: no lists, pipes, subshells or leading assignments. Only such a
 * command can be exec'd: `a && b`, `cd x; y`, `exit 3` or `FOO=1 cmd` must stay shell syntax.
 */
export function isSimpleCommand(command: string): boolean {
  const trimmed = command.trim();
  if (!trimmed || /[;&|()`\n]|\$\(/.test(trimmed)) return false;
  const first = trimmed.split(/\s+/, 1)[0] ?? '';
  return !SHELL_WORDS.has(first) && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(first);
}

/** The interactive shell for `run` without a command. */
export function interactiveShell(platform: NodeJS.Platform = process.platform): ShellInvocation {
  if (platform === 'win32') return { file: 'cmd.exe', args: [], windowsVerbatimArguments: true };
  for (const candidate of ['/bin/bash', '/usr/bin/bash']) {
    if (existsSync(candidate)) return { file: candidate, args: [], windowsVerbatimArguments: false };
  }
  return { file: '/bin/sh', args: [], windowsVerbatimArguments: false };
}

/** The name shown for an interactive shell in `ps` and lifecycle lines. */
export function interactiveShellName(platform: NodeJS.Platform = process.platform): string {
  const { file } = interactiveShell(platform);
  return file.slice(file.lastIndexOf('/') + 1);
}

/** Quote one argument for the platform shell. */
export function quoteArg(arg: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    // cmd.exe: double quotes; a literal " inside is doubled. Paths never contain one in practice.
    return `"${arg.replace(/"/g, '""')}"`;
  }
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return shQuote(arg);
}

/**
 * A POSIX shell single-quoted literal, always quoted. Build commands use it through quoteArg, and
 * so does the desktop app's `dynodesk` launcher (electron/main/cli-shim.ts).
 */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
