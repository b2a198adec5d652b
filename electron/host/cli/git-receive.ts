// `dynodesk git:receive APP`: what an app repository's pre-receive hook runs (git/app-repo.ts
// writes the hook). git passes the pushed refs on stdin and relays everything printed here to
// the pusher as `remote: …` lines. Exit 0 accepts the push; anything else rejects it, and git
// reports `[remote rejected]`: so a build that fails leaves the branch, and the app, as they were.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CliError } from '../control-client.js';
import type { CliCommand } from './command.js';
import { withEngine, type Io } from './context.js';
import { exportCommit } from './git-export.js';

const ZERO = /^0+$/;
const DEPLOYABLE = new Set(['refs/heads/main', 'refs/heads/master']);

export interface RefUpdate {
  old: string;
  next: string;
  ref: string;
}

export function parseRefUpdates(text: string): RefUpdate[] {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((line) => {
    const [old = '', next = '', ref = ''] = line.split(/\s+/);
    return { old, next, ref };
  });
}

/** The commit to build, or the refusal (Heroku's wording where it has one). */
export function chooseCommit(updates: RefUpdate[]): { commit: string; branch: string } | { refusal: string[] } {
  if (updates.length === 0) return { refusal: ['Nothing was pushed.'] };
  for (const u of updates) {
    const branch = u.ref.replace(/^refs\/heads\//, '');
    if (ZERO.test(u.next)) {
      return { refusal: [`Deleting ${branch} is not allowed: it is what Dynodesk deploys.`] };
    }
    if (!DEPLOYABLE.has(u.ref)) {
      return {
        refusal: [
          'You are trying to push to a branch other than main or master.',
          'Dynodesk only deploys code pushed to the main or master branch.',
          `Push to main with: git push dynodesk ${branch}:main`,
        ],
      };
    }
  }
  if (updates.length > 1) return { refusal: ['Push one of main or master at a time: each push is one release.'] };
  const only = updates[0] as RefUpdate;
  return { commit: only.next, branch: only.ref.replace(/^refs\/heads\//, '') };
}

/** Heroku's layout: `----->` headlines flush, everything else indented under them. */
export function pushLine(line: string): string {
  return line.startsWith('----->') || line.startsWith(' ') ? line : `       ${line}`;
}

function refuse(io: Io, lines: string[]): number {
  for (const l of lines) io.err(` !     ${l}`);
  return 1;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function receivePush(app: string, stdin: string, gitDir: string, io: Io): Promise<number> {
  const choice = chooseCommit(parseRefUpdates(stdin));
  if ('refusal' in choice) return refuse(io, choice.refusal);
  const work = await mkdtemp(join(tmpdir(), 'dynodesk-push-'));
  try {
    const source = join(work, 'source');
    await mkdir(source);
    try {
      await exportCommit(gitDir, choice.commit, source, join(work, 'index'));
    } catch (err) {
      return refuse(io, [err instanceof Error ? err.message : String(err)]);
    }
    io.err(`-----> Building ${app} from ${choice.branch} (${choice.commit.slice(0, 8)})`);
    return await withEngine(async (client) => {
      const deployId = randomUUID();
      client.subscribe(['deploy.progress']);
      client.onEvent((ev) => {
        if (ev.event !== 'deploy.progress' || ev.payload.deployId !== deployId) return;
        if (ev.payload.line !== undefined) io.err(pushLine(ev.payload.line));
      });
      const result = await client.call('apps.deploy', { path: source, name: app, deployId, git: { commit: choice.commit } });
      io.err('-----> Launching...');
      io.err(`       Released v${result.release}`);
      if (result.app.processTypes.includes('web')) io.err(`       ${result.app.url} deployed to Dynodesk`);
      // Recorded, so the push succeeds (as on Heroku); but the new dynos did not come up.
      if (result.warning) {
        io.err(' !     Warning: the release is recorded, but its dynos did not start:');
        io.err(` !     ${result.warning}`);
      }
      return 0;
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // Not every refusal is a failed build (another build of the app running, the app destroyed, no
    // engine): the engine's message says which ("Build failed: …" when it is one).
    return refuse(io, ['Push rejected:', ...message.split('\n')]);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export const gitReceiveCommand: CliCommand = {
  name: 'git:receive',
  usage: 'git:receive APP',
  summary: "Build a git push (run by the pre-receive hook of an app's repository, not by hand)",
  hidden: true,
  flags: { values: {}, booleans: {} },
  async run(args, io) {
    const app = args.positionals[0];
    if (!app) throw new CliError('Usage: dynodesk git:receive APP (run by git, from an app repository\'s hook)');
    // git runs the hook in the bare repository, with GIT_DIR set (often to ".").
    const gitDir = resolve(process.env.GIT_DIR ?? '.');
    return receivePush(app, await readStdin(), gitDir, io);
  },
};
