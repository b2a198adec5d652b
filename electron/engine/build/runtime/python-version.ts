// The Python version an app asks for, and which installed interpreter answers it. Heroku's rules:
// runtime.txt (`python-3.11.7`, the older form) before .python-version (`3.11` or `3.11.7`); a
// major.minor means the newest patch release of it, a full version means exactly that release.
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { readOptional } from '../fs-read.js';

export interface PythonRequest {
  file: 'runtime.txt' | '.python-version';
  /** As the file wrote it, for messages: "3.11", "3.11.7". */
  text: string;
  major: number;
  minor: number;
  /** null: any patch release, the newest wins. */
  patch: number | null;
}

export interface PythonInterpreter {
  path: string;
  /** "3.11.7" */
  version: string;
  /** Where it was found, for the build log: pyenv, uv, PATH. */
  source: string;
}

/** The request in the folder; 'system' when .python-version says so (pyenv's word for "no pin"); null for none. */
export async function readPythonRequest(dir: string): Promise<PythonRequest | 'system' | null> {
  const runtimeTxt = await readOptional(join(dir, 'runtime.txt'), 'runtime.txt');
  if (runtimeTxt !== null) return parseRuntimeTxt(runtimeTxt);
  const versionFile = await readOptional(join(dir, '.python-version'), '.python-version');
  if (versionFile !== null) return parsePythonVersionFile(versionFile);
  return null;
}

export function parseRuntimeTxt(text: string): PythonRequest {
  const line = meaningfulLines(text)[0] ?? '';
  const m = /^python-(\d+)\.(\d+)(?:\.(\d+))?$/.exec(line);
  if (!m) throw new UserError(`runtime.txt: expected a line like python-3.12.4, found ${JSON.stringify(line)}`);
  return request('runtime.txt', m);
}

export function parsePythonVersionFile(text: string): PythonRequest | 'system' {
  // pyenv allows several versions, one per line: the first is the one `python` runs.
  const line = meaningfulLines(text)[0] ?? '';
  if (line === 'system') return 'system';
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(line);
  if (!m) throw new UserError(`.python-version: expected a CPython version like 3.12 or 3.12.4, found ${JSON.stringify(line)}`);
  return request('.python-version', m);
}

function request(file: PythonRequest['file'], m: RegExpExecArray): PythonRequest {
  const [major, minor, patch] = [m[1], m[2], m[3]];
  return {
    file,
    text: [major, minor, patch].filter((p) => p !== undefined).join('.'),
    major: Number(major),
    minor: Number(minor),
    patch: patch === undefined ? null : Number(patch),
  };
}

function meaningfulLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/).map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
}

/** The interpreter to use: the newest matching one, earlier in `found` on a tie; null if none matches. */
export function choosePython(req: PythonRequest, found: readonly PythonInterpreter[]): PythonInterpreter | null {
  let best: PythonInterpreter | null = null;
  for (const candidate of found) {
    const v = parts(candidate.version);
    if (v[0] !== req.major || v[1] !== req.minor || (req.patch !== null && v[2] !== req.patch)) continue;
    if (!best || v[2] > parts(best.version)[2]) best = candidate;
  }
  return best;
}

/** Why no interpreter matched, what is installed, and how to get the one asked for. */
export function missingPythonMessage(req: PythonRequest, found: readonly PythonInterpreter[], platform: NodeJS.Platform): string {
  const minor = `${req.major}.${req.minor}`;
  const versions = [...new Set(found.map((f) => f.version))].sort((a, b) => compare(parts(b), parts(a)));
  const sameMinor = versions.filter((v) => v.startsWith(`${minor}.`));
  const asked = `${req.file} asks for Python ${req.text}`;
  const install = `\`pyenv install ${req.text}\` or \`uv python install ${req.text}\``;
  if (req.patch !== null && sameMinor.length > 0) {
    // A system package would not give this exact release: only pyenv and uv pin patch versions.
    const loose = req.file === 'runtime.txt' ? `python-${minor}` : minor;
    return `${asked}, but only ${sameMinor.join(', ')} ${sameMinor.length === 1 ? 'is' : 'are'} installed. Install it with ${install}, or write ${loose} in ${req.file} to use the newest ${minor}.x installed.`;
  }
  const have = versions.length > 0 ? `installed: ${versions.join(', ')}` : 'no Python interpreter was found';
  return `${asked}, which is not installed (${have}). Install it with ${install}${systemPackageHint(minor, platform)}, then deploy again.`;
}

function systemPackageHint(minor: string, platform: NodeJS.Platform): string {
  if (platform === 'linux') return `, or your distribution's package (e.g. \`apt install python${minor}\`)`;
  if (platform === 'darwin') return `, or \`brew install python@${minor}\``;
  return `, or the installer from python.org`;
}

function parts(version: string): [number, number, number] {
  const [a, b, c] = version.split('.').map(Number);
  return [a ?? 0, b ?? 0, c ?? 0];
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}
