// The npm registry's Node.js packages, reached through npm itself so the user's npm config
// (registry mirror, proxy, CA file, auth) applies exactly as it does to `npm install`.
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { lastLines, runCaptured, type ProcessOwner } from '../run-captured.js';
import { npmInvocation, type HostNpm } from './host-npm.js';

export interface RegistryContext extends ProcessOwner {
  npm: HostNpm;
  /** npm runs in the project folder, so a project .npmrc choosing a registry is honoured. */
  cwd: string;
  env: Record<string, string>;
}

const QUERY_TIMEOUT_MS = 60_000;
/** Node tarballs are ~40 MB; allow for a slow connection. */
const PACK_TIMEOUT_MS = 10 * 60_000;

/** Version lists, once per engine run: they change a few times a month, deploys happen all day. */
const versionLists = new Map<string, Promise<string[]>>();

export function listPackageVersions(pkg: string, ctx: RegistryContext): Promise<string[]> {
  let pending = versionLists.get(pkg);
  if (!pending) {
    pending = fetchVersions(pkg, ctx);
    versionLists.set(pkg, pending);
    // A failure (offline) is not remembered: the next deploy asks again.
    pending.catch(() => versionLists.delete(pkg));
  }
  return pending;
}

async function fetchVersions(pkg: string, ctx: RegistryContext): Promise<string[]> {
  const parsed = await npmJson(['view', pkg, 'versions', '--json'], ctx, QUERY_TIMEOUT_MS, `npm view ${pkg} versions`);
  // A package with a single version answers with a string rather than a list.
  const list = typeof parsed === 'string' ? [parsed] : parsed;
  if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) throw new Error(`npm view ${pkg} versions: unexpected answer`);
  return list;
}

export interface PackageDist {
  /** SRI string, e.g. "sha512-…". */
  integrity: string;
  /** Where the registry serves the tarball. */
  tarball: string;
}

/** The registry's integrity hash and tarball address for one package version. */
export async function registryDist(spec: string, ctx: RegistryContext): Promise<PackageDist> {
  const parsed = await npmJson(['view', spec, 'dist', '--json'], ctx, QUERY_TIMEOUT_MS, `npm view ${spec}`);
  const dist = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const { integrity, tarball } = dist;
  if (typeof integrity !== 'string' || integrity === '') throw new UserError(`The npm registry lists no integrity hash for ${spec}, so it cannot be verified`, 'failed');
  return { integrity, tarball: typeof tarball === 'string' ? tarball : '' };
}

/** Download a package's tarball into `destDir` through npm (its proxy, CA and auth settings apply); returns the file's path. */
export async function packTarball(spec: string, destDir: string, ctx: RegistryContext): Promise<string> {
  const parsed = await npmJson(['pack', spec, '--pack-destination', destDir, '--ignore-scripts', '--json'], ctx, PACK_TIMEOUT_MS, `npm pack ${spec}`);
  const first: unknown = Array.isArray(parsed) ? parsed[0] : null;
  const filename = typeof first === 'object' && first !== null ? (first as Record<string, unknown>)['filename'] : null;
  if (typeof filename !== 'string') throw new UserError(`npm pack ${spec}: unexpected answer`, 'failed');
  return join(destDir, filename);
}

async function npmJson(args: string[], ctx: RegistryContext, timeoutMs: number, label: string): Promise<unknown> {
  const npm = npmInvocation(ctx.npm);
  const run = await runCaptured(npm.file, [...npm.args, ...args], {
    cwd: ctx.cwd,
    env: { ...ctx.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
    timeoutMs,
    signal: ctx.signal,
    recorder: ctx.recorder,
  });
  if (run.failure) {
    const why = npmErrorSummary(run.stdout) ?? lastLines(run.stderr);
    throw new UserError(`\`${label}\` ${run.failure}${why ? `: ${why}` : ''}`, 'failed');
  }
  // `npm view` of a field a version lacks prints nothing at all.
  if (run.stdout.trim() === '') return undefined;
  try {
    return JSON.parse(run.stdout) as unknown;
  } catch {
    throw new UserError(`\`${label}\` printed something other than JSON`, 'failed');
  }
}

/** With --json, npm reports a failure as `{"error": {"summary": …}}` on stdout: its one useful line. */
function npmErrorSummary(stdout: string): string | null {
  try {
    const error = (JSON.parse(stdout) as { error?: { summary?: unknown } }).error;
    return typeof error?.summary === 'string' && error.summary.trim() !== '' ? error.summary.trim() : null;
  } catch {
    return null;
  }
}
