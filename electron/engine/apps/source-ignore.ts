// Which paths of an app's folder are not its source, so editing them must not redeploy it. The
// same rules as the slug snapshot (slugs/snapshot.ts): dependencies and virtualenvs, version-control
// data, what .slugignore leaves out, and what git ignores when the folder is in a work tree (outside
// one, as for the snapshot, a .gitignore means nothing); plus caches and editor droppings, which are
// never an edit anyone meant to deploy.
import { execFile, spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gitFreeEnv } from '../slugs/snapshot.js';
import { parseSlugignore, type PathFilter } from '../slugs/slugignore.js';

/** Folders no deploy takes from the source, whatever the ignore files say. */
const IGNORED_DIRS = new Set([
  'node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', '.pytest_cache', '.ruff_cache',
]);

/** Files editors and tools write beside the ones being edited (vim swap files and its "4913" probe, emacs locks, backups). */
const IGNORED_FILE = /(?:^\.#|^#.*#$|~$|\.sw[a-p]$|^4913$|^\.DS_Store$|\.py[co]$)/;

/** The file whose rules this reads itself: when it changes, they are read again (git reads .gitignore files afresh each time). */
export const SLUGIGNORE = '.slugignore';

const GIT_TIMEOUT_MS = 10_000;

export class SourceIgnore {
  private slugignore: PathFilter = () => false;

  private constructor(readonly root: string, private readonly inWorkTree: boolean, private readonly signal: AbortSignal) {}

  /** `signal` ends the git processes this starts, when the watcher that asked is stopped. */
  static async load(root: string, signal: AbortSignal): Promise<SourceIgnore> {
    const ignore = new SourceIgnore(root, await isGitWorkTree(root, signal), signal);
    await ignore.reload();
    return ignore;
  }

  async reload(): Promise<void> {
    this.slugignore = parseSlugignore(await readText(join(this.root, SLUGIGNORE)));
  }

  /** The cheap test, without asking git: `rel` uses forward slashes, relative to the root. */
  ignores(rel: string, isDir: boolean): boolean {
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    if (isDir ? IGNORED_DIRS.has(name) : IGNORED_FILE.test(name)) return true;
    return this.slugignore(rel, isDir);
  }

  /** Of `rels`, the ones git ignores (.gitignore files at every level, .git/info/exclude, the user's excludes). */
  async gitIgnored(rels: readonly string[]): Promise<Set<string>> {
    if (!this.inWorkTree || rels.length === 0 || this.signal.aborted) return new Set();
    return new Set(await gitCheckIgnore(this.root, rels, this.signal));
  }
}

/** A folder with pyvenv.cfg is a virtualenv, whatever its name. */
export async function isVirtualenv(dir: string): Promise<boolean> {
  try {
    return (await stat(join(dir, 'pyvenv.cfg'))).isFile();
  } catch {
    return false;
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

function isGitWorkTree(root: string, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    // No git installed, or not a work tree: .gitignore files do not apply (nor do they to the slug).
    execFile('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root, env: gitFreeEnv(), signal, timeout: GIT_TIMEOUT_MS }, (err, stdout) => {
      resolve(!err && stdout.trim() === 'true');
    });
  });
}

function gitCheckIgnore(root: string, rels: readonly string[], signal: AbortSignal): Promise<string[]> {
  return new Promise((resolve) => {
    const child = spawn('git', ['check-ignore', '--stdin', '-z'], { cwd: root, env: gitFreeEnv(), signal, timeout: GIT_TIMEOUT_MS, stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    // Exit 1 means "none of them"; anything else (a git that cannot tell) counts as none too: a
    // spare rebuild is better than a missed one.
    child.on('error', () => resolve([]));
    child.on('close', (code) => resolve(code === 0 ? Buffer.concat(chunks).toString('utf8').split('\0').filter(Boolean) : []));
    child.stdin.on('error', () => undefined);
    child.stdin.end(`${rels.join('\0')}\0`);
  });
}
