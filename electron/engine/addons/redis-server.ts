// One redis-server (or valkey-server) per Redis add-on: the user's own binary from PATH, on
// 127.0.0.1 only, with requirepass, persisting with AOF into <dataDir>/addons/redis/<name>/. The
// password is in a 0600 config file, never on the command line where ps would show it.
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { findExecutable } from '../build/find-executable.js';
import type { ProcessRecorder } from '../dynos/run-recorder.js';
import { UserError } from '../errors.js';
import { writeFileAtomic } from '../state/atomic-file.js';
import { ADDONS_DIR } from '../state/private-dir.js';
import { pickFreePort, portIsFree } from './free-port.js';
import { ServerProcess, type ServerState } from './server-process.js';

export const REDIS_INSTALL_HINT = 'Install Redis (Debian/Ubuntu: `sudo apt-get install redis-server`; Fedora: `sudo dnf install redis`; macOS: `brew install redis`) or Valkey, so that redis-server or valkey-server is on your PATH, then try again.';

/** redis-server, else valkey-server, on the engine's PATH; refused with how to install it. */
export function findRedisServer(env: Record<string, string | undefined>): string {
  const found = findExecutable('redis-server', env) ?? findExecutable('valkey-server', env);
  if (!found) throw new UserError(`Redis is not installed: neither redis-server nor valkey-server is on your PATH. ${REDIS_INSTALL_HINT} Nothing was changed.`, 'failed');
  return found;
}

export function redisDir(dataDir: string, name: string): string {
  return join(dataDir, ADDONS_DIR, 'redis', name);
}

export interface RedisServerOptions {
  name: string;
  dir: string;
  binary: string;
  password: string;
  port: () => number;
  /** The saved port was taken by another program: save this one (and tell the app, once up). */
  setPort: (port: number) => void;
  onPortMoved: (port: number) => void;
  recorder: ProcessRecorder;
  env: Record<string, string>;
  onLine: (line: string) => void;
  onState: (state: ServerState, detail: string | null) => void;
}

export function createRedisServer(o: RedisServerOptions): ServerProcess {
  let movedTo: number | null = null;
  return new ServerProcess({
    label: `Redis ${o.name}`,
    command: o.binary,
    args: () => [join(o.dir, 'redis.conf')],
    env: o.env,
    cwd: o.dir,
    stopSignal: 'SIGTERM',
    recorder: o.recorder,
    onLine: o.onLine,
    prepare: async () => {
      mkdirSync(o.dir, { recursive: true, mode: 0o700 });
      let port = o.port();
      if (!await portIsFree(port)) {
        const next = await pickFreePort();
        o.onLine(`Port ${port} is in use by another program: Redis moves to port ${next}.`);
        o.setPort(next);
        port = next;
        movedTo = next;
      }
      writeFileAtomic(join(o.dir, 'redis.conf'), redisConfig(o.dir, port, o.password), 0o600);
    },
    probe: (exited) => waitForRedis(o.port(), o.password, exited),
    onState: (state, detail) => {
      if (state === 'up' && movedTo !== null) {
        o.onPortMoved(movedTo);
        movedTo = null;
      }
      o.onState(state, detail);
    },
  });
}

function redisConfig(dir: string, port: number, password: string): string {
  // Quoted: the password is URL-safe base64, but a config value is a Redis string either way.
  return [
    '# Written by Dynodesk at every start. Holds this add-on\'s password: keep it 0600.',
    'bind 127.0.0.1',
    'protected-mode yes',
    `port ${port}`,
    `requirepass "${password}"`,
    'daemonize no',
    'supervised no',
    'logfile ""',
    `dir "${dir.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`,
    // AOF is the durable copy; RDB snapshots on top would only duplicate it.
    'appendonly yes',
    'appendfsync everysec',
    'save ""',
    '',
  ].join('\n');
}

/** AUTH then PING until +PONG: the server is up and the password is the one we set. */
async function waitForRedis(port: number, password: string, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited()) throw new Error('redis-server exited while starting (see the app\'s log for its output)');
    const reply = await redisExchange(port, [['AUTH', password], ['PING']]).catch(() => null);
    if (reply?.includes('+PONG')) return;
    if (reply?.startsWith('-') && !reply.includes('LOADING')) throw new Error(`Redis refused the add-on's password: ${reply.split('\r\n')[0]}`);
    if (Date.now() > deadline) throw new Error('Redis did not answer within 60 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Send commands in RESP, return the raw replies once one line per command has arrived. */
export function redisExchange(port: number, commands: string[][], timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    const timer = setTimeout(() => { socket.destroy(); reject(new Error('timed out')); }, timeoutMs);
    socket.on('connect', () => {
      socket.write(commands.map((c) => `*${c.length}\r\n${c.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`).join(''));
    });
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('utf8');
      if (data.split('\r\n').length > commands.length) {
        clearTimeout(timer);
        socket.destroy();
        resolve(data);
      }
    });
    socket.on('error', (err) => { clearTimeout(timer); reject(err); });
    socket.on('close', () => { clearTimeout(timer); resolve(data); });
  });
}
