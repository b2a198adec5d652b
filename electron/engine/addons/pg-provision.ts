// An add-on's database on the shared server: its own role (random password, no special rights) owning
// its own database, which PUBLIC may not open, so one app's credentials open nothing of another's.
import { randomBytes } from 'node:crypto';
import type { PostgresServer } from './postgres-server.js';
import { quoteIdent, quoteLiteral, type PgConnection } from './pg-wire.js';
import { scramVerifier } from './scram.js';

export interface PgNames {
  role: string;
  database: string;
}

/** Heroku-like opaque names: a role u…, a database d…, both lower-case so nobody has to quote them. */
export function newPgNames(): PgNames {
  const id = randomBytes(7).toString('hex');
  return { role: `u${id}`, database: `d${id}` };
}

export async function createDatabase(pg: PostgresServer, names: PgNames, password: string): Promise<void> {
  await pg.admin(async (c) => {
    // The verifier, not the password: the server (and so its log) never sees the password itself.
    await c.query(`CREATE ROLE ${quoteIdent(names.role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD ${quoteLiteral(scramVerifier(password))}`);
    try {
      await createOwnedDatabase(c, names);
    } catch (err) {
      await dropAll(c, names).catch(() => undefined);
      throw err;
    }
  });
}

export async function dropDatabase(pg: PostgresServer, names: PgNames): Promise<void> {
  await pg.admin((c) => dropAll(c, names));
}

/** pg:reset: an empty database under the same name, owner and password (the URL does not change). */
export async function resetDatabase(pg: PostgresServer, names: PgNames): Promise<void> {
  await pg.admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(names.database)} WITH (FORCE)`);
    await createOwnedDatabase(c, names);
  });
}

export interface PgDatabaseFacts {
  sizeBytes: number;
  connections: number;
  version: string;
}

export async function databaseFacts(pg: PostgresServer, names: PgNames): Promise<PgDatabaseFacts> {
  return pg.admin(async (c) => {
    const db = quoteLiteral(names.database);
    const rows = await c.query(`SELECT pg_database_size(${db}), (SELECT count(*) FROM pg_stat_activity WHERE datname = ${db}), current_setting('server_version')`);
    const row = rows[0] ?? [];
    return {
      sizeBytes: Number(row[0] ?? 0),
      connections: Number(row[1] ?? 0),
      version: row[2] ?? '',
    };
  });
}

async function createOwnedDatabase(c: PgConnection, names: PgNames): Promise<void> {
  // One statement per query: CREATE DATABASE may not run inside the implicit transaction of a multi-statement query.
  await c.query(`CREATE DATABASE ${quoteIdent(names.database)} OWNER ${quoteIdent(names.role)}`);
  await c.query(`REVOKE ALL ON DATABASE ${quoteIdent(names.database)} FROM PUBLIC`);
}

async function dropAll(c: PgConnection, names: PgNames): Promise<void> {
  await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(names.database)} WITH (FORCE)`);
  await c.query(`DROP ROLE IF EXISTS ${quoteIdent(names.role)}`);
}
