// The pushed commit, written out as plain files for the engine to build. This runs inside the
// pre-receive hook, whose environment points git at the bare repository and at the push's
// quarantine (objects not yet accepted live there until the hook says yes): GIT_DIR and friends
// are replaced by explicit arguments, while the quarantine variables are kept, or the commit
// being pushed could not be read.
import { execFile } from 'node:child_process';

const REPLACED = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_PREFIX', 'GIT_COMMON_DIR'];

export async function exportCommit(gitDir: string, commit: string, dest: string, indexFile: string): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_INDEX_FILE: indexFile };
  for (const key of REPLACED.filter((k) => k !== 'GIT_INDEX_FILE')) delete env[key];
  const base = [`--git-dir=${gitDir}`, `--work-tree=${dest}`];
  await run([...base, 'read-tree', commit], dest, env);
  await run([...base, 'checkout-index', '--all', '--force'], dest, env);
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env, windowsHide: true, maxBuffer: 16 * 1024 * 1024 }, (err, _out, stderr) => {
      if (err) reject(new Error(`could not read the pushed commit (git ${args[2] ?? ''}): ${String(stderr).trim() || err.message}`));
      else resolve();
    });
  });
}
