// How a dyno's command is run: through the platform shell, never through Electron's own binary.
import { existsSync } from 'node:fs';

export interface ShellInvocation {
  file: string;
  args: string[];
}

export function shellInvocation(command: string, platform: NodeJS.Platform = process.platform): ShellInvocation {
  if (platform === 'win32') return { file: 'cmd.exe', args: ['/d', '/s', '/c', command] };
  // `exec` makes the command itself the pty's session leader, so signals reach it directly. Only a
  // simple command can be exec'd: `a && b`, `cd x; y`, `exit 3` or `FOO=1 cmd` must stay shell syntax.
  return { file: '/bin/sh', args: ['-c', isSimpleCommand(command) ? `exec ${command}` : command] };
}

const SHELL_WORDS = new Set(['exit', 'cd', 'export', 'set', 'unset', 'source', '.', 'eval', 'exec', 'if', 'for', 'while', 'until', 'case', '{', '!', 'trap', 'return', 'shift', 'wait', 'ulimit', 'umask', 'alias', 'read', 'test', '[']);

/** One plain program invocation: no lists, pipes, subshells or leading assignments. */
export function isSimpleCommand(command: string): boolean {
  const trimmed = command.trim();
  if (!trimmed || /[;&|()`\n]|\$\(/.test(trimmed)) return false;
  const first = trimmed.split(/\s+/, 1)[0] ?? '';
  return !SHELL_WORDS.has(first) && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(first);
}

/** The interactive shell for `run` without a command. */
export function interactiveShell(platform: NodeJS.Platform = process.platform): ShellInvocation {
  if (platform === 'win32') return { file: 'cmd.exe', args: [] };
  for (const candidate of ['/bin/bash', '/usr/bin/bash']) {
    if (existsSync(candidate)) return { file: candidate, args: [] };
  }
  return { file: '/bin/sh', args: [] };
}

/** The name shown for an interactive shell in `ps` and lifecycle lines. */
export function interactiveShellName(platform: NodeJS.Platform = process.platform): string {
  const { file } = interactiveShell(platform);
  return file.slice(file.lastIndexOf('/') + 1);
}
