// Fetch one file over HTTP(S) straight to disk, hashing it on the way, so a 40 MB download is
// neither held in memory nor read twice.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/** Download `url` to `file`; resolves with the file's digest. */
export async function downloadFile(url: string, file: string, algorithm: 'sha512' | 'sha256', signal?: AbortSignal): Promise<Buffer> {
  const protocol = new URL(url).protocol;
  if (protocol !== 'https:' && protocol !== 'http:') throw new Error(`not an HTTP(S) address: ${url}`);
  const res = await fetch(url, { signal });
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status} for ${url}`);
  const hash = createHash(algorithm);
  await pipeline(
    Readable.fromWeb(res.body as WebReadableStream<Uint8Array>),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        yield chunk;
      }
    },
    createWriteStream(file),
    { signal },
  );
  return hash.digest();
}
