// What the esbuild bundles (build-electron.mjs, build-cli.mjs) share: engine code finds files next
// to its sources with `new URL('./x', import.meta.url)`. A bundle has one location, so each module's
// import.meta.url is rewritten to the URL its source file would have under a root folder laid out
// like the repository (the checkout, the packaged app, or the installed CLI's copy): package.json,
// dist/renderer, electron/engine/build/static-server.mjs, node_modules/node-pty resolve exactly as
// they do from source.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** Rewrites import.meta.url in our own sources under `root` to __dynodeskMetaUrl('<path relative to root>'). */
export function metaUrlPlugin(root) {
  return {
    name: 'dynodesk-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.(ts|mts|mjs|js)$/ }, (args) => {
        if (args.path.includes('/node_modules/') || args.path.includes('\\node_modules\\') || !args.path.startsWith(root)) return undefined;
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const rel = relative(root, args.path).split('\\').join('/');
        return {
          contents: source.replaceAll('import.meta.url', `__dynodeskMetaUrl(${JSON.stringify(rel)})`),
          loader: args.path.endsWith('ts') ? 'ts' : 'js',
        };
      });
    },
  };
}

/** CommonJS banner: the root is one folder up from the bundle's own folder. */
export const cjsBanner = [
  "const __dynodeskPath = require('node:path');",
  'const __dynodeskRoot = __dynodeskPath.dirname(__dirname);',
  "function __dynodeskMetaUrl(rel) { return require('node:url').pathToFileURL(__dynodeskPath.join(__dynodeskRoot, rel)).href; }",
].join('\n');

/** ESM banner: the root is `levelsUp` folders up from the output file. */
export function esmBanner(levelsUp) {
  return [
    "import { createRequire as __dynodeskCreateRequire } from 'node:module';",
    "import { dirname as __dynodeskDirname, join as __dynodeskJoin } from 'node:path';",
    "import { fileURLToPath as __dynodeskToPath, pathToFileURL as __dynodeskToUrl } from 'node:url';",
    // Bundled CommonJS dependencies call require() for Node built-ins.
    'const require = __dynodeskCreateRequire(import.meta.url);',
    `const __dynodeskRoot = ${'__dynodeskDirname('.repeat(levelsUp)}__dynodeskToPath(import.meta.url)${')'.repeat(levelsUp)};`,
    'function __dynodeskMetaUrl(rel) { return __dynodeskToUrl(__dynodeskJoin(__dynodeskRoot, rel)).href; }',
  ].join('\n');
}
