// Python interpreters installed on this machine: pyenv's versions, uv-managed Pythons, and
// `python3`/`python3.X` on PATH. Each one is asked for its version rather than trusting a folder
// name, so a broken install is skipped instead of chosen.
import { realpathSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, delimiter, isAbsolute, join } from 'node:path';
import { pathOf } from '../find-executable.js';
import { runCaptured, type ProcessOwner } from '../run-captured.js';
import type { PythonInterpreter } from './python-version.js';

interface Candidate {
  path: string;
  source: string;
}

export interface DiscoveryContext extends ProcessOwner {
  env: Record<string, string>;
}

const WIN = process.platform === 'win32';

export async function findPythonInterpreters(ctx: DiscoveryContext): Promise<PythonInterpreter[]> {
  const candidates = [...(await pyenvCandidates(ctx.env)), ...(await uvCandidates(ctx.env)), ...(await pathCandidates(ctx.env))];
  const seen = new Set<string>();
  const unique = candidates.filter((c) => {
    const key = realOrSelf(c.path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const probed = await Promise.all(unique.map(async (c) => {
    const version = await probeVersion(c.path, ctx);
    return version ? { path: c.path, version, source: c.source } : null;
  }));
  return probed.filter((p): p is PythonInterpreter => p !== null);
}

function homeOf(env: Record<string, string>): string {
  return env['HOME'] ?? env['USERPROFILE'] ?? homedir();
}

/** `$PYENV_ROOT/versions/<v>/bin/python3` (pyenv-win: `%USERPROFILE%\.pyenv\pyenv-win\versions\<v>\python.exe`). */
async function pyenvCandidates(env: Record<string, string>): Promise<Candidate[]> {
  const root = env['PYENV_ROOT'] ?? (WIN ? join(homeOf(env), '.pyenv', 'pyenv-win') : join(homeOf(env), '.pyenv'));
  const versions = join(root, 'versions');
  return (await subfolders(versions)).flatMap((name) => {
    const exe = WIN ? [join(versions, name, 'python.exe')] : [join(versions, name, 'bin', 'python3'), join(versions, name, 'bin', 'python')];
    const found = exe.find((e) => isFile(e));
    return found ? [{ path: found, source: 'pyenv' }] : [];
  });
}

/** uv's managed Pythons: `<install dir>/cpython-3.12.4-<platform>/bin/python3`. */
async function uvCandidates(env: Record<string, string>): Promise<Candidate[]> {
  const dataHome = env['XDG_DATA_HOME'] ?? join(homeOf(env), '.local', 'share');
  const root = env['UV_PYTHON_INSTALL_DIR'] ?? (WIN && env['APPDATA'] ? join(env['APPDATA'], 'uv', 'python') : join(dataHome, 'uv', 'python'));
  return (await subfolders(root)).filter((name) => name.startsWith('cpython-')).flatMap((name) => {
    const exe = WIN ? join(root, name, 'python.exe') : join(root, name, 'bin', 'python3');
    return isFile(exe) ? [{ path: exe, source: 'uv' }] : [];
  });
}

/** `python3` and `python3.X` in every PATH folder. */
async function pathCandidates(env: Record<string, string>): Promise<Candidate[]> {
  const names = WIN ? /^python3?(\.\d+)?\.exe$/i : /^python3(\.\d+)?$/;
  const out: Candidate[] = [];
  for (const folder of pathOf(env).split(delimiter)) {
    // pyenv's and asdf's shims pick a version from the current folder's files, which is the very
    // question being answered here; the real interpreters behind them are found directly.
    if (!folder || !isAbsolute(folder) || basename(folder) === 'shims') continue;
    let entries: string[];
    try {
      entries = await readdir(folder);
    } catch {
      continue;
    }
    for (const name of entries.filter((n) => names.test(n)).sort()) {
      const path = join(folder, name);
      if (isFile(path)) out.push({ path, source: 'PATH' });
    }
  }
  return out;
}

async function probeVersion(exe: string, ctx: DiscoveryContext): Promise<string | null> {
  const run = await runCaptured(exe, ['--version'], { env: ctx.env, timeoutMs: 10_000, signal: ctx.signal, recorder: ctx.recorder });
  if (run.failure) return null;
  // Python 2 prints its version on stderr.
  const m = /Python (\d+\.\d+\.\d+)/.exec(`${run.stdout}\n${run.stderr}`);
  return m?.[1] ?? null;
}

async function subfolders(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
