// Shared helpers for the build tests: fixture paths, temp folders, error assertions.
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../../electron/engine/errors.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/** A temp folder holding `files` (path → contents); returns its path and a cleanup. */
export async function tempApp(files: Record<string, string>): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'dynodesk-build-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Assert that `promise` rejects with a UserError whose message matches. */
export async function rejectsUser(promise: Promise<unknown>, message: string | RegExp): Promise<UserError> {
  let caught: unknown = null;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof UserError, `expected a UserError, got ${String(caught)}`);
  if (typeof message === 'string') assert.equal(caught.message, message);
  else assert.match(caught.message, message);
  return caught;
}
