// Python virtualenvs are not relocatable (pip writes absolute shebangs), so a new one cannot be
// built in a temp folder and renamed into place. Instead each build gets its own folder under
// `venvs/`, and `<dataDir>/build/<app>/venv` is a link switched in one rename once the build has
// succeeded: a failed build never touches the venv the running release uses.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { basename, join } from 'node:path';

export interface VenvPaths {
  /** `<dataDir>/build/<app>`: everything for this app's builds. */
  base: string;
  /** The stable link dynos use: `<base>/venv`. */
  link: string;
  /** Where this build's venv is made. */
  fresh: string;
}

export function venvPaths(dataDir: string, app: string): VenvPaths {
  const base = join(dataDir, 'build', app);
  const stamp = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  return { base, link: join(base, 'venv'), fresh: join(base, 'venvs', stamp) };
}

export async function prepareFresh(paths: VenvPaths): Promise<void> {
  await mkdir(join(paths.base, 'venvs'), { recursive: true });
}

/** Point `link` at the fresh venv; keep the previous one (dynos still running use it), drop older ones. */
export async function swapIn(paths: VenvPaths): Promise<void> {
  const previous = await currentTarget(paths.link);
  const next = `${paths.link}.next-${randomBytes(4).toString('hex')}`;
  // Junctions need no privileges on Windows, unlike directory symlinks.
  await symlink(paths.fresh, next, process.platform === 'win32' ? 'junction' : 'dir');
  try {
    await rename(next, paths.link);
  } catch {
    // `venv` is a real folder (made by hand or an older layout) or Windows refuses to replace a junction.
    await rm(paths.link, { recursive: true, force: true });
    await rename(next, paths.link);
  }
  const keep = new Set([basename(paths.fresh), previous ? basename(previous) : '']);
  const venvsDir = join(paths.base, 'venvs');
  for (const entry of await readdir(venvsDir)) {
    if (!keep.has(entry)) await rm(join(venvsDir, entry), { recursive: true, force: true });
  }
}

export async function discardFresh(paths: VenvPaths): Promise<void> {
  await rm(paths.fresh, { recursive: true, force: true });
}

async function currentTarget(link: string): Promise<string | null> {
  try {
    return await readlink(link);
  } catch {
    return null;
  }
}
