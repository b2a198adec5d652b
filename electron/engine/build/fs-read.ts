// Reading the files detection looks at, with errors a user can act on.
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { UserError } from '../errors.js';

function codeOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
}

/** Contents of a file in the app folder, or null if it does not exist. */
export async function readOptional(file: string, label: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = codeOf(err);
    if (code === 'ENOENT') return null;
    if (code === 'EISDIR') throw new UserError(`${label} is a folder, expected a file`);
    if (code === 'EACCES' || code === 'EPERM') throw new UserError(`Cannot read ${label}: permission denied`);
    throw new UserError(`Cannot read ${label}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Check that `dir` is a readable folder; throw the specific reason when it is not. */
export async function assertFolder(dir: string): Promise<void> {
  let info;
  try {
    info = await stat(dir);
  } catch (err) {
    const code = codeOf(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UserError(`No such folder: ${dir}`, 'not_found');
    if (code === 'EACCES' || code === 'EPERM') throw new UserError(`Cannot read ${dir}: permission denied`);
    throw new UserError(`Cannot read ${dir}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!info.isDirectory()) throw new UserError(`${dir} is a file, not a folder: choose the app's project folder`);
  try {
    await access(dir, constants.R_OK | constants.X_OK);
  } catch {
    throw new UserError(`Cannot read ${dir}: permission denied`);
  }
}
