// A digest of a folder's every path, kind, mode and content (links by their target): equal
// digests mean the folder was not written, down to the byte.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

export function hashTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const r = rel ? join(rel, name) : name;
      const st = lstatSync(join(root, r));
      if (st.isSymbolicLink()) out[r] = `link:${readlinkSync(join(root, r))}`;
      else if (st.isDirectory()) { out[r] = `dir:${st.mode.toString(8)}`; walk(r); }
      else out[r] = `file:${st.mode.toString(8)}:${createHash('sha256').update(readFileSync(join(root, r))).digest('hex')}`;
    }
  };
  walk('');
  return out;
}
