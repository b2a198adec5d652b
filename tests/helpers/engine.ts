import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { EngineEvent } from '../../shared/events.js';
import type { Result } from '../../shared/types.js';
import type { CommandArgs, CommandName, CommandResult } from '../../shared/commands.js';
import { Engine, type EngineOptions, type EngineClient } from '../../electron/engine/engine.js';
import { tempDir } from './tmp.js';
import { waitFor } from './wait.js';

export const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

export interface TestEngine {
  engine: Engine;
  client: EngineClient;
  events: EngineEvent[];
  dataDir: string;
  /** Invoke and unwrap: throws with the engine's message on failure. */
  call<K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<CommandResult<K>>;
  /** Invoke and return the raw result value. */
  invoke<K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<Result<CommandResult<K>>>;
  close(): Promise<void>;
}

/** A real engine on a temp data dir with the router on a free port; `close` stops everything and removes the dir. */
export async function openEngine(opts: Partial<EngineOptions> & { keepDir?: boolean } = {}): Promise<TestEngine> {
  const dir = opts.dataDir ? null : tempDir('dde');
  const dataDir = opts.dataDir ?? (dir as { path: string }).path;
  const engine = await Engine.open({ routerPort: 0, graceS: 3, bootTimeoutS: 20, ...opts, dataDir });
  const events: EngineEvent[] = [];
  const client = engine.connect((ev) => { events.push(ev); if (events.length > 5000) events.splice(0, 1000); });
  const invoke = <K extends CommandName>(cmd: K, args: CommandArgs<K>): Promise<Result<CommandResult<K>>> =>
    client.invoke(cmd, args) as Promise<Result<CommandResult<K>>>;
  return {
    engine, client, events, dataDir, invoke,
    async call(cmd, args) {
      const r = await invoke(cmd, args);
      if (!r.ok) throw new Error(`${cmd} failed: ${r.error.message}`);
      return r.value;
    },
    async close() {
      client.close();
      await engine.close();
      if (!opts.keepDir) dir?.remove();
    },
  };
}

export function waitForDynos(t: TestEngine, app: string, want: (dynos: CommandResult<'ps.list'>) => boolean, what: string, timeoutMs = 20_000): Promise<CommandResult<'ps.list'>> {
  return waitFor(what, async () => {
    const dynos = await t.call('ps.list', { app });
    return want(dynos) ? dynos : null;
  }, timeoutMs);
}

export const allUp = (types: Record<string, number>) => (dynos: CommandResult<'ps.list'>): boolean =>
  Object.entries(types).every(([type, n]) => dynos.filter((d) => d.type === type && d.state === 'up').length === n)
  && dynos.filter((d) => !d.oneOff).length === Object.values(types).reduce((a, b) => a + b, 0);

export interface HttpReply { status: number; body: string; headers: Record<string, string | string[] | undefined> }

/** GET on 127.0.0.1 with a Host header (no DNS for *.localhost needed), plus any other headers. */
export function httpGet(port: number, host: string, path = '/', headers: Record<string, string> = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { ...headers, host }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error('request timed out')));
    req.end();
  });
}

/** Is this pid still a live (non-zombie) process? */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}
