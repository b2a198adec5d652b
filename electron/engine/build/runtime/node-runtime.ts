// `engines.node`, as Heroku's Node buildpack honours it: the newest release matching the range is
// installed (once per version, into the data directory) and put first on PATH for the app's build
// scripts and its dynos. Without engines.node the system Node runs the app, as before.
import { join } from 'node:path';
import semver from 'semver';
import { UserError } from '../../errors.js';
import { runCaptured, type ProcessOwner } from '../run-captured.js';
import { locateHostNpm, writeNpmShims, type HostNpm } from './host-npm.js';
import { installNode, installedNodeVersions, isNodeInstalled, nodeBinDir, nodeRuntimeRoot, type InstallContext } from './node-install.js';
import { listPackageVersions } from './node-registry.js';
import { availableVersions, newestPerMajor, nodeVersionSource, planNodeDownload, resolveNodeVersion } from './node-versions.js';

export interface NodeRuntimeContext extends ProcessOwner {
  dataDir: string;
  /** The project folder (npm reads its .npmrc there). */
  dir: string;
  env: Record<string, string>;
  onLine: (line: string) => void;
}

export interface NodeRuntime {
  version: string;
  /** Folders to put first on PATH, in order: the app's `node`, then the npm shims (if any). */
  pathPrepend: string[];
}

/** The runtime the app asked for, installed; or null (after saying so) when it asked for none. */
export async function prepareNodeRuntime(range: string | null, ctx: NodeRuntimeContext): Promise<NodeRuntime | null> {
  const host = locateHostNpm(ctx.env);
  if (range === null) {
    ctx.onLine(`-----> Using the system Node.js${await systemNodeVersion(host, ctx)}: package.json has no engines.node`);
    return null;
  }
  if (!host) throw new UserError('engines.node needs npm to fetch Node.js, but "node" or "npm" was not found on your PATH. Install Node.js 20 or later from nodejs.org and try again.', 'failed');

  const root = nodeRuntimeRoot(ctx.dataDir);
  const source = nodeVersionSource(process.platform, process.arch);
  const registry: InstallContext = { npm: host, cwd: ctx.dir, env: ctx.env, onLine: ctx.onLine, signal: ctx.signal, recorder: ctx.recorder };
  const why = `engines.node: ${range}`;

  let listed: string[];
  try {
    listed = await listPackageVersions(source.listPackage, registry);
  } catch (err) {
    // Offline: a matching version installed earlier still does.
    const reason = err instanceof Error ? err.message : String(err);
    const cached = semver.maxSatisfying(await installedNodeVersions(root), range);
    if (!cached) {
      throw new UserError(`package.json asks for Node ${range} (engines.node), but the list of Node.js versions could not be fetched from the npm registry and no matching version is installed yet. ${reason}`, 'failed');
    }
    ctx.onLine(`-----> Using Node ${cached} (${why}), installed earlier: the npm registry could not be reached`);
    return runtimeFor(cached, root, host, ctx);
  }

  const available = availableVersions(listed, source);
  const version = resolveNodeVersion(range, available);
  if (!version) {
    throw new UserError(
      `No Node.js release matches engines.node "${range}" in package.json. Releases for ${process.platform}-${process.arch} (newest of each major): ${newestPerMajor(available).join(', ')}`,
      'failed',
    );
  }
  if (await isNodeInstalled(root, version)) {
    ctx.onLine(`-----> Using Node ${version} (${why}), installed earlier`);
  } else {
    ctx.onLine(`-----> Installing Node ${version} (${why})`);
    const binaries = source.binaryPackage === source.listPackage ? listed : await listPackageVersions(source.binaryPackage, registry);
    await installNode(root, version, planNodeDownload(version, process.platform, source, binaries), registry);
  }
  return runtimeFor(version, root, host, ctx);
}

async function runtimeFor(version: string, root: string, host: HostNpm, ctx: NodeRuntimeContext): Promise<NodeRuntime> {
  const shimDir = join(ctx.dataDir, 'runtimes', 'npm-shim');
  const pathPrepend = [nodeBinDir(root, version)];
  if (await writeNpmShims(shimDir, host)) pathPrepend.push(shimDir);
  else ctx.onLine(`       npm's entry script was not found next to ${host.npm}: npm will run on Node ${version}`);
  return { version, pathPrepend };
}

/** " v20.11.1 (/usr/bin/node)" for the build log; just the path if it will not say its version. */
async function systemNodeVersion(host: HostNpm | null, ctx: NodeRuntimeContext): Promise<string> {
  if (!host) return '';
  const run = await runCaptured(host.node, ['--version'], { env: ctx.env, timeoutMs: 30_000, signal: ctx.signal, recorder: ctx.recorder });
  const version = run.stdout.trim();
  return !run.failure && /^v\d/.test(version) ? ` ${version} (${host.node})` : ` (${host.node})`;
}
