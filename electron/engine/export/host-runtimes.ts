// The Node and Python this machine runs an app on when the app pins no version: the image should
// run what the app was tested with here. Asked of the same PATH dynos get; the engine's own Node
// (Electron's, inside the desktop app) is only the last resort.
import { findExecutable, pythonCommand } from '../build/find-executable.js';
import { runCaptured } from '../build/run-captured.js';

export interface HostRuntimes {
  /** "v22.11.0" → "22" */
  nodeMajor(): Promise<{ major: string; source: string }>;
  /** "Python 3.12.4" → "3.12" */
  pythonMinor(): Promise<{ version: string; source: string }>;
}

/** Newest CPython whose official image is a safe default when nothing can be asked. */
const FALLBACK_PYTHON = '3.12';

export function hostRuntimes(env: Record<string, string>, cwd: string): HostRuntimes {
  return {
    async nodeMajor() {
      const version = await versionOf('node', ['--version'], /^v(\d+)\./, env, cwd);
      if (version) return { major: version, source: 'the Node.js this machine runs it on' };
      return { major: process.versions.node.split('.')[0] ?? '22', source: "the Node.js Dynodesk runs on (no node on the app's PATH)" };
    },
    async pythonMinor() {
      const version = await versionOf(pythonCommand(), ['--version'], /Python (\d+\.\d+)/, env, cwd);
      if (version) return { version, source: 'the Python this machine runs it on' };
      return { version: FALLBACK_PYTHON, source: 'a default: no Python was found on this machine' };
    },
  };
}

async function versionOf(tool: string, args: string[], pattern: RegExp, env: Record<string, string>, cwd: string): Promise<string | null> {
  const exe = findExecutable(tool, env);
  if (!exe) return null;
  // From the app's folder, as its dynos start: a pyenv or nvm shim answers for that folder.
  const run = await runCaptured(exe, args, { cwd, env, timeoutMs: 10_000 });
  if (run.failure) return null;
  return pattern.exec(`${run.stdout}\n${run.stderr}`)?.[1] ?? null;
}
