// The `web` command of static sites: our dependency-free file server, run by the `node` on PATH
// (never Electron's binary, which would need ELECTRON_RUN_AS_NODE — a fuse we turn off).
import { fileURLToPath } from 'node:url';
import { quoteArg } from '../platform-shell.js';

/** Absolute path of static-server.mjs. In a packaged app it must be unpacked from the asar archive. */
export function staticServerScript(): string {
  const inSource = fileURLToPath(new URL('./static-server.mjs', import.meta.url));
  // A plain `node` cannot read inside app.asar; electron-builder's asarUnpack puts it next door.
  return inSource.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

export function staticServerCommand(dir: string): string {
  return `node ${quoteArg(staticServerScript())} ${quoteArg(dir)}`;
}
