// Which Python builds the app's virtualenv: the version runtime.txt or .python-version asks for,
// from the interpreters installed here (Dynodesk cannot download Python: only the npm registry is
// assumed reachable), or the system python3 when the app pins nothing. A pin that cannot be met
// fails the build with the way to install it; it is never silently ignored.
import { UserError } from '../../errors.js';
import { findExecutable, missingToolMessage, pythonCommand } from '../find-executable.js';
import { runCaptured, type ProcessOwner } from '../run-captured.js';
import { findPythonInterpreters } from './python-interpreters.js';
import { choosePython, missingPythonMessage, readPythonRequest } from './python-version.js';

export interface PythonChoiceContext extends ProcessOwner {
  dir: string;
  env: Record<string, string>;
  onLine: (line: string) => void;
}

/** The interpreter's path, after a build log line naming it and why it was chosen. */
export async function choosePythonInterpreter(ctx: PythonChoiceContext): Promise<string> {
  const request = await readPythonRequest(ctx.dir);
  const owner = { signal: ctx.signal, recorder: ctx.recorder };
  if (request === null || request === 'system') {
    const python = findExecutable(pythonCommand(), ctx.env);
    if (!python) throw new UserError(missingToolMessage('python3'), 'failed');
    // Run from the project folder, as the build will: a pyenv shim answers for that folder.
    const run = await runCaptured(python, ['--version'], { cwd: ctx.dir, env: ctx.env, timeoutMs: 10_000, ...owner });
    const version = /Python (\S+)/.exec(`${run.stdout}\n${run.stderr}`)?.[1];
    const why = request === 'system' ? '.python-version says "system"' : 'no .python-version or runtime.txt';
    ctx.onLine(`-----> Using ${version ? `Python ${version}` : pythonCommand()} (${python}): ${why}`);
    return python;
  }
  const found = await findPythonInterpreters({ env: ctx.env, ...owner });
  const chosen = choosePython(request, found);
  if (!chosen) throw new UserError(missingPythonMessage(request, found, process.platform), 'failed');
  ctx.onLine(`-----> Using Python ${chosen.version} (${request.file}: ${request.text}), ${chosen.source}: ${chosen.path}`);
  return chosen.path;
}
