// Paths typed at the CLI mean what they mean in the caller's shell. The engine runs elsewhere (in
// another folder, maybe as another process tree), so a path must be made absolute here, before it
// leaves the CLI: the engine refuses relative ones rather than guess.
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, resolve, sep } from 'node:path';

/** `.`, `./sub`, `../x`, `~`, `~/x` → absolute, against `cwd` and the user's home folder. */
export function resolveCallerPath(input: string, cwd = process.cwd(), home = homedir()): string {
  // Quoted or `--flag=~/x` arguments reach us unexpanded: expand `~` the way the shell would have.
  // (`~user` is left alone: a folder may really be called that.)
  const tilde = /^~(?=$|[\\/])/;
  const expanded = tilde.test(input) ? home + input.slice(1) : input;
  return isAbsolute(expanded) ? resolve(expanded) : resolve(cwd, expanded);
}

/** Is `dir` the folder `root` or inside it? Also through symlinks (macOS /tmp → /private/tmp). */
export function isWithin(dir: string, root: string): boolean {
  const inside = (d: string, r: string): boolean => d === r || d.startsWith(r.endsWith(sep) ? r : r + sep);
  if (inside(dir, root)) return true;
  const real = (p: string): string => { try { return realpathSync(p); } catch { return p; } };
  return inside(real(dir), real(root));
}
