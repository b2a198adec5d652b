// Shared pieces for the router tests: fixture dynos as real processes, a raw HTTP/1.1 client on
// net sockets (so tests control every byte), and polling with a deadline.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DEFAULT_APP_SETTINGS } from '../../../shared/defaults.js';
import type { AppSettings, DynoState } from '../../../shared/types.js';
import { startRouter } from '../../../electron/engine/router/index.js';
import type { RouteApp } from '../../../electron/engine/router/index.js';
import { waitFor } from '../../helpers/wait.js';

export { waitFor };

export const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));


export interface Dyno {
  name: string;
  port: number;
  proc: ChildProcess;
  state: DynoState;
  stop(): Promise<void>;
}

/** Starts a fixture server as a real process on a free port. */
export async function startDyno(name: string, fixture = 'router-echo'): Promise<Dyno> {
  const proc = spawn(process.execPath, [`${FIXTURES}${fixture}/server.js`], {
    env: { ...process.env, PORT: '0', DYNO: name }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    proc.once('exit', (c) => reject(new Error(`fixture ${fixture} exited (${c}) before listening`)));
  });
  const exited = new Promise<void>((r) => (proc.exitCode !== null || proc.signalCode ? r() : proc.once('exit', () => r())));
  return {
    name, port, proc, state: 'up',
    async stop() {
      if (proc.exitCode === null && !proc.signalCode) proc.kill('SIGKILL');
      await exited;
    },
  };
}

export function settings(over: Partial<AppSettings> = {}): AppSettings {
  return { ...DEFAULT_APP_SETTINGS, ...over };
}

export function routeApp(name: string, dynos: Dyno[], over: Partial<AppSettings> = {}, port = 0): RouteApp {
  return { name, port, settings: settings(over), dynos: dynos.map((d) => ({ name: d.name, port: d.port, state: d.state })) };
}

export type Router = Awaited<ReturnType<typeof startRouter>>;

export function startTestRouter(over: Partial<Parameters<typeof startRouter>[0]> = {}): Promise<Router> {
  return startRouter({
    port: 0, host: '127.0.0.1', requestTimeoutMs: 5_000, bootTimeoutMs: 5_000, forbiddenPorts: [], ...over,
  });
}

export interface Response {
  status: number;
  reason: string;
  headers: Array<[string, string]>;
  body: Buffer;
  /** the connection was closed after this response */
  closed: boolean;
}

export function header(r: Response, name: string): string | undefined {
  return r.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

export function headerAll(r: Response, name: string): string[] {
  return r.headers.filter(([k]) => k.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
}

/**
 * A raw HTTP/1.1 client connection: write any bytes, read back complete responses in order.
 * Lenient on purpose (it reads what the router sends; the router is the one under test).
 */
export class RawClient {
  readonly socket: Socket;
  private buf: Buffer = Buffer.alloc(0);
  private ended = false;
  private waiters: Array<() => void> = [];
  errors: Error[] = [];

  constructor(port: number) {
    this.socket = connect({ port, host: '127.0.0.1', noDelay: true });
    this.socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      this.wake();
    });
    this.socket.on('error', (e) => this.errors.push(e));
    this.socket.on('close', () => {
      this.ended = true;
      this.wake();
    });
  }

  get closed(): boolean {
    return this.ended;
  }

  private wake(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }

  private more(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('timed out reading response')), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /** Unread bytes, taken out of the client. */
  take(): Buffer {
    const b = this.buf;
    this.buf = Buffer.alloc(0);
    return b;
  }

  /** Resolves when more bytes (or the close) arrive. */
  waitData(timeoutMs = 10_000): Promise<void> {
    return this.more(timeoutMs);
  }

  write(data: string | Buffer): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Waits until the peer closes; returns whatever bytes are unread. */
  async untilClosed(timeoutMs = 10_000): Promise<Buffer> {
    while (!this.ended) await this.more(timeoutMs);
    return this.buf;
  }

  async response(opts: { head?: boolean; timeoutMs?: number } = {}): Promise<Response> {
    const timeoutMs = opts.timeoutMs ?? 10_000;
    let end: number;
    while ((end = this.buf.indexOf('\r\n\r\n')) === -1) {
      if (this.ended) throw new Error(`connection closed before a response head (got ${JSON.stringify(this.buf.toString('latin1').slice(0, 200))})`);
      await this.more(timeoutMs);
    }
    const lines = this.buf.toString('latin1', 0, end).split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(lines[0] ?? '');
    if (!m) throw new Error(`bad status line ${lines[0]}`);
    const headers = lines.slice(1).map((l): [string, string] => {
      const i = l.indexOf(':');
      return [l.slice(0, i), l.slice(i + 1).trim()];
    });
    this.buf = this.buf.subarray(end + 4);
    const status = Number(m[1]);
    const r: Response = { status, reason: m[2] ?? '', headers, body: Buffer.alloc(0), closed: false };
    const te = header(r, 'transfer-encoding');
    const cl = header(r, 'content-length');
    if (opts.head || status === 204 || status === 304 || (status >= 100 && status < 200)) {
      // no body
    } else if (te && /chunked/i.test(te)) {
      const parts: Buffer[] = [];
      for (;;) {
        let le: number;
        while ((le = this.buf.indexOf('\r\n')) === -1) {
          if (this.ended) throw new Error('closed inside a chunked body');
          await this.more(timeoutMs);
        }
        const size = parseInt(this.buf.toString('latin1', 0, le), 16);
        while (this.buf.length < le + 2 + size + 2) {
          if (this.ended) throw new Error('closed inside a chunk');
          await this.more(timeoutMs);
        }
        parts.push(Buffer.from(this.buf.subarray(le + 2, le + 2 + size)));
        this.buf = this.buf.subarray(le + 2 + size + 2);
        if (size === 0) break;
      }
      r.body = Buffer.concat(parts);
    } else if (cl !== undefined) {
      const n = Number(cl);
      while (this.buf.length < n) {
        if (this.ended) throw new Error('closed inside a body');
        await this.more(timeoutMs);
      }
      r.body = Buffer.from(this.buf.subarray(0, n));
      this.buf = this.buf.subarray(n);
    } else {
      while (!this.ended) await this.more(timeoutMs);
      r.body = this.buf;
      this.buf = Buffer.alloc(0);
    }
    if (/close/i.test(header(r, 'connection') ?? '')) {
      await this.untilClosed(timeoutMs).catch(() => {});
    }
    r.closed = this.ended;
    return r;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** One request on a fresh connection. */
export async function request(port: number, opts: {
  method?: string; path?: string; host?: string; headers?: Record<string, string> | Array<[string, string]>; body?: string | Buffer;
} = {}): Promise<Response> {
  const c = new RawClient(port);
  try {
    c.write(requestBytes(opts));
    return await c.response({ head: opts.method === 'HEAD' });
  } finally {
    c.close();
  }
}

export function requestBytes(opts: {
  method?: string; path?: string; host?: string; headers?: Record<string, string> | Array<[string, string]>; body?: string | Buffer;
}): Buffer {
  const hs = Array.isArray(opts.headers) ? opts.headers : Object.entries(opts.headers ?? {});
  let head = `${opts.method ?? 'GET'} ${opts.path ?? '/'} HTTP/1.1\r\n`;
  if (opts.host !== '') head += `Host: ${opts.host ?? 'app.localhost'}\r\n`;
  for (const [k, v] of hs) head += `${k}: ${v}\r\n`;
  const body = opts.body === undefined ? null : Buffer.from(opts.body);
  if (body && !hs.some(([k]) => /^(content-length|transfer-encoding)$/i.test(k))) head += `Content-Length: ${body.length}\r\n`;
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), body ?? Buffer.alloc(0)]);
}

export interface Logs {
  lines: string[];
  /** The line logged for the request to `path` (waits for it). */
  line(path: string): Promise<string>;
  stop(): void;
}

/** Collects router log lines. */
export function collectLogs(router: Router): Logs {
  const lines: string[] = [];
  const stop = router.onLog((ls) => {
    for (const l of ls) lines.push(`${l.app} ${l.text}`);
  });
  const line = (path: string): Promise<string> => waitFor(`log line for ${path}`, () => lines.find((l) => l.includes(`path="${path}"`)));
  return { lines, line, stop };
}

export interface RouterWithDyno {
  dyno: Dyno;
  router: Router;
  logs: Logs;
  /** Stops collecting, the router, then the dyno. */
  stop(): Promise<void>;
}

/** The usual set-up: one router-echo dyno ('web.1') and a test router with its log lines collected. */
export async function routerWithDyno(over: Partial<Parameters<typeof startRouter>[0]> = {}): Promise<RouterWithDyno> {
  const dyno = await startDyno('web.1');
  const router = await startTestRouter(over).catch(async (e: unknown) => {
    await dyno.stop();
    throw e;
  });
  const logs = collectLogs(router);
  return {
    dyno, router, logs,
    async stop() {
      logs.stop();
      await router.stop();
      await dyno.stop();
    },
  };
}
