// How a dyno's command is run: through the platform shell, never through Electron's own binary.
import { existsSync } from 'node:fs';

export interface ShellInvocation {
  file: string;
  args: string[];
}

export function shellInvocation(command: string, platform: NodeJS.Platform = process.platform): ShellInvocation {
  if (platform === 'win32') return { file: 'cmd.exe', args: ['/d', '/s', '/c', command] };
  // `exec` makes the command itself the pty's session leader, so signals reach it directly.
  return { file: '/bin/sh', args: ['-c', `exec ${command}`] };
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
