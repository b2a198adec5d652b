import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the engine for `dataDir` listens for the CLI: a Unix socket in the data dir, or a named pipe on Windows. */
export function controlSocketPath(dataDir: string, platform: NodeJS.Platform = process.platform): string {
  const digest = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  if (platform === 'win32') return `\\\\.\\pipe\\dynodesk-${digest}`;
  const inDir = join(dataDir, 'control.sock');
  // Unix socket paths are limited to ~104 bytes; deep data dirs fall back to a private name in /tmp.
  return Buffer.byteLength(inDir) < 100 ? inDir : join(tmpdir(), `dynodesk-${digest}.sock`);
}
