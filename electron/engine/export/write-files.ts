// Writing an export into the folder the user chose. The engine never guesses where a relative path
// was meant to start (the CLI resolves it first), and never mixes an export into a folder that
// holds something else unless told to (--force), since it would overwrite files of the same name.
import { chmod, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { ExportFile } from '../../../shared/export.js';
import { UserError } from '../errors.js';

export async function checkOutputDir(dir: string, force: boolean): Promise<string> {
  if (!isAbsolute(dir)) throw new UserError(`path must be absolute, got "${dir}"`, 'invalid');
  const out = resolve(dir);
  let entries: string[] | null = null;
  try {
    const info = await stat(out);
    if (!info.isDirectory()) throw new UserError(`${out} is a file: choose a folder to export into`, 'invalid');
    entries = await readdir(out);
  } catch (err) {
    if (err instanceof UserError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new UserError(`Cannot use ${out}: ${(err as Error).message}`, 'failed');
  }
  if (entries !== null && entries.length > 0 && !force) {
    throw new UserError(`${out} exists and is not empty: choose a new or empty folder, or pass --force to write the exported files into it (files of the same names are overwritten)`, 'conflict');
  }
  return out;
}

export async function writeExport(out: string, files: readonly ExportFile[]): Promise<void> {
  await mkdir(out, { recursive: true });
  for (const file of files) {
    const path = join(out, ...file.path.split('/'));
    await mkdir(dirname(path), { recursive: true });
    // Secrets readable by their owner only; an overwritten file keeps its mode unless we set it.
    const mode = file.secret ? 0o600 : 0o644;
    await writeFile(path, file.content, { mode });
    await chmod(path, mode);
  }
}
