// Just enough of PostgreSQL's frontend/backend protocol (v3) for the engine's own administration:
// log in with SCRAM-SHA-256, run simple queries, read text rows. The engine ships no client
// library (and the server package no psql), and it only ever runs a handful of statements of its own.
import { connect, type Socket } from 'node:net';
import { ScramClient } from './scram.js';

export interface PgLogin {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  connectTimeoutMs?: number;
}

export class PgError extends Error {
  constructor(message: string, readonly sqlState: string | null) {
    super(message);
    this.name = 'PgError';
  }
}

/** SQLSTATE 57P03: the server is up but still starting (or recovering) — try again shortly. */
export const PG_STARTING_UP = '57P03';

interface Message { type: string; body: Buffer }

export class PgConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: ((m: Message | Error) => void) | null = null;
  private readonly queue: (Message | Error)[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      while (this.buffer.length >= 5) {
        const len = this.buffer.readInt32BE(1);
        if (this.buffer.length < 1 + len) break;
        this.deliver({ type: String.fromCharCode(this.buffer[0] as number), body: this.buffer.subarray(5, 1 + len) });
        this.buffer = this.buffer.subarray(1 + len);
      }
    });
    socket.on('error', (err) => this.deliver(err));
    socket.on('close', () => this.deliver(new Error('connection closed by the server')));
  }

  static async open(login: PgLogin): Promise<PgConnection> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host: login.host, port: login.port });
      const timer = setTimeout(() => { s.destroy(); reject(new Error(`could not connect to ${login.host}:${login.port} in time`)); }, login.connectTimeoutMs ?? 5000);
      s.once('connect', () => { clearTimeout(timer); resolve(s); });
      s.once('error', (err) => { clearTimeout(timer); reject(err); });
    });
    const conn = new PgConnection(socket);
    try {
      await conn.login(login);
    } catch (err) {
      conn.close();
      throw err;
    }
    return conn;
  }

  /** Run one or more statements (simple query protocol); the rows of the last result, as text. */
  async query(sql: string): Promise<(string | null)[][]> {
    this.send('Q', cstring(sql));
    let rows: (string | null)[][] = [];
    let error: PgError | null = null;
    for (;;) {
      const m = await this.next();
      if (m.type === 'T') rows = [];
      else if (m.type === 'D') rows.push(parseDataRow(m.body));
      else if (m.type === 'E') error = errorFrom(m.body);
      else if (m.type === 'Z') break;
    }
    if (error) throw error;
    return rows;
  }

  close(): void {
    if (!this.socket.destroyed) {
      this.socket.end(frame('X', Buffer.alloc(0)));
      this.socket.destroy();
    }
  }

  private async login(login: PgLogin): Promise<void> {
    const params = Buffer.concat([cstring('user'), cstring(login.user), cstring('database'), cstring(login.database), cstring('client_encoding'), cstring('UTF8'), Buffer.from([0])]);
    const head = Buffer.alloc(8);
    head.writeInt32BE(8 + params.length, 0);
    head.writeInt32BE(196608, 4); // protocol 3.0
    this.socket.write(Buffer.concat([head, params]));
    let scram: ScramClient | null = null;
    for (;;) {
      const m = await this.next();
      if (m.type === 'E') throw errorFrom(m.body);
      if (m.type === 'Z') return;
      if (m.type !== 'R') continue;
      const code = m.body.readInt32BE(0);
      const data = m.body.subarray(4);
      if (code === 0) continue;
      if (code === 10) {
        // Only SCRAM: we never send a password in the clear, nor as MD5.
        if (!data.toString('utf8').split('\0').includes('SCRAM-SHA-256')) throw new PgError('the server does not offer SCRAM-SHA-256', null);
        scram = new ScramClient(login.password);
        const first = Buffer.from(scram.first());
        const len = Buffer.alloc(4);
        len.writeInt32BE(first.length, 0);
        this.send('p', Buffer.concat([cstring('SCRAM-SHA-256'), len, first]));
      } else if (code === 11 && scram) {
        this.send('p', Buffer.from(scram.final(data.toString('utf8'))));
      } else if (code === 12 && scram) {
        scram.verify(data.toString('utf8'));
      } else {
        throw new PgError(`the server asked for an authentication method we do not use (${code})`, null);
      }
    }
  }

  private send(type: string, body: Buffer): void {
    this.socket.write(frame(type, body));
  }

  private deliver(m: Message | Error): void {
    const waiter = this.waiting;
    if (waiter) { this.waiting = null; waiter(m); } else this.queue.push(m);
  }

  private async next(): Promise<Message> {
    const m = this.queue.shift() ?? await new Promise<Message | Error>((resolve) => { this.waiting = resolve; });
    if (m instanceof Error) {
      // Stays failed: every later read sees the same end.
      this.queue.unshift(m);
      throw m;
    }
    return m;
  }
}

/** "name" with any double quote doubled: for identifiers in statements we compose. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** 'text' with any single quote doubled (standard_conforming_strings is on by default). */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function cstring(text: string): Buffer {
  return Buffer.from(`${text}\0`, 'utf8');
}

function frame(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

function parseDataRow(body: Buffer): (string | null)[] {
  const n = body.readInt16BE(0);
  const out: (string | null)[] = [];
  let off = 2;
  for (let i = 0; i < n; i++) {
    const len = body.readInt32BE(off);
    off += 4;
    if (len < 0) { out.push(null); continue; }
    out.push(body.toString('utf8', off, off + len));
    off += len;
  }
  return out;
}

function errorFrom(body: Buffer): PgError {
  const fields = new Map<string, string>();
  let off = 0;
  while (off < body.length && body[off] !== 0) {
    const code = String.fromCharCode(body[off] as number);
    const end = body.indexOf(0, off + 1);
    fields.set(code, body.toString('utf8', off + 1, end));
    off = end + 1;
  }
  return new PgError(fields.get('M') ?? 'unknown server error', fields.get('C') ?? null);
}
