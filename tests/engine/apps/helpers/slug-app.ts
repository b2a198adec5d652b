// A small Node app with one real dependency from the npm registry (ms), pinned by a lockfile so
// that `npm ci` runs. Its web process says where it runs, which version of its code it is, and
// a config var: enough to tell slugs, releases and rollbacks apart from outside.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpGet } from '../../../helpers/engine.js';

export const SERVER = `const http = require('node:http');
const fs = require('node:fs');
const ms = require('ms');
http.createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ cwd: process.cwd(), version: fs.readFileSync('version.txt', 'utf8').trim(), greeting: process.env.GREETING ?? null, minute: ms('1m') }));
}).listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
`;

const PACKAGE = { name: 'slugdemo', version: '1.0.0', private: true, scripts: { start: 'node server.js' }, dependencies: { ms: '2.1.3' } };

const LOCK = {
  name: 'slugdemo', version: '1.0.0', lockfileVersion: 3, requires: true,
  packages: {
    '': { name: 'slugdemo', version: '1.0.0', dependencies: { ms: '2.1.3' } },
    'node_modules/ms': {
      version: '2.1.3',
      resolved: 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz',
      integrity: 'sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==',
    },
  },
};

export function writeSlugApp(dir: string, version: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'server.js'), SERVER);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(PACKAGE, null, 2)}\n`);
  writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify(LOCK, null, 2)}\n`);
  writeFileSync(join(dir, 'version.txt'), `${version}\n`);
}

export interface SlugAppReply { cwd: string; version: string; greeting: string | null; minute: number }

export async function ask(port: number, app: string): Promise<SlugAppReply> {
  const r = await httpGet(port, `${app}.localhost`);
  if (r.status !== 200) throw new Error(`GET / answered ${r.status}: ${r.body.slice(0, 200)}`);
  return JSON.parse(r.body) as SlugAppReply;
}
