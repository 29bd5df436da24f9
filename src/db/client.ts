import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type ExtractTablesWithRelations, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { AppError } from '../errors.js';
import { acquireDirectoryLock, type DirectoryLock } from './directory-lock.js';
import * as schema from './schema.js';

export type Schema = typeof schema;

/**
 * The drizzle database, whichever driver is underneath. `PgliteDatabase` and `NodePgDatabase` are
 * both `PgDatabase<driver result kind, schema>`; only `execute()`'s raw result type differs, so
 * code written against this type (the repositories) runs on both. Use the query builder or `sql`
 * templates, and read rows from `select`/`returning`, not from `execute()`.
 */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/** A transaction: accepted wherever a `Database` is, so repositories can be composed in one. */
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DatabaseDriver = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  driver: DatabaseDriver;
  /** Runs `SELECT 1`; rejects when the database cannot answer (for `/ready`). */
  ping(): Promise<void>;
  /** Closes the pool or the embedded database; safe to call twice. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A `postgres://` URL (`DATABASE_URL`): use that server. Without it, the embedded database. */
  url?: string;
  /** Ectus's data folder; the embedded database lives in `<dataDir>/db`, created on first start. */
  dataDir: string;
  /** PostgreSQL pool size. */
  maxConnections?: number;
  /** Told about errors of idle pooled connections (a server restart), which must not end the process. */
  onPoolError?: (error: Error) => void;
}

/**
 * Opens the platform database: PostgreSQL through a connection pool when `url` is given, else
 * PGlite (PostgreSQL compiled to WebAssembly) stored in `<dataDir>/db`. Sessions run in UTC.
 * Migrations are not applied here: call `migrate(handle.db)`.
 *
 * @example
 * const handle = await openDatabase({ url: process.env.DATABASE_URL, dataDir: dataDir() });
 * await migrate(handle.db);
 * await handle.ping();
 * await handle.close();
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url, options);
  return openPglite(path.join(options.dataDir, 'db'));
}

/**
 * PGlite in `folder` (created when missing), or in memory when `folder` is undefined; `image` (a
 * `dumpDataDir()` tarball) starts a new database from a copy. The folder is locked for this
 * process: PGlite is a single-process database and two processes writing the same files would
 * corrupt it.
 */
export async function openPglite(folder?: string, image?: Blob): Promise<DatabaseHandle> {
  let lock: DirectoryLock | undefined;
  if (folder !== undefined) {
    await fs.mkdir(folder, { recursive: true, mode: 0o700 });
    lock = await acquireDirectoryLock(folder);
  }
  let client: PGlite;
  try {
    client = await PGlite.create({
      ...(folder === undefined ? {} : { dataDir: folder }),
      ...(image === undefined ? {} : { loadDataDir: image }),
    });
    await client.exec(`SET TIME ZONE 'UTC'`);
  } catch (error) {
    await lock?.release();
    throw new AppError('ECTUS_DATABASE_UNAVAILABLE', `Could not open the embedded database: ${errorText(error)}`, {
      cause: error,
    });
  }
  const db: Database = drizzlePglite({ client, schema });
  return makeHandle(db, 'pglite', async () => {
    await client.close();
    await lock?.release();
  });
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    // Timestamps are read as Dates whatever the zone, but raw SQL and logs should agree on UTC.
    options: '-c TimeZone=UTC',
    connectionTimeoutMillis: 10_000,
  });
  // An idle client's error (the server restarted) would otherwise be an unhandled 'error' event
  // and end the process; the pool replaces the client, and ping() reports the outage.
  pool.on('error', (error) => options.onPoolError?.(error));
  const db: Database = drizzleNodePostgres({ client: pool, schema });
  const handle = makeHandle(db, 'postgres', () => pool.end());
  try {
    await handle.ping();
  } catch (error) {
    await handle.close();
    throw new AppError('ECTUS_DATABASE_UNAVAILABLE', `Could not connect to PostgreSQL: ${errorText(error)}`, {
      cause: error,
    });
  }
  return handle;
}

function makeHandle(db: Database, driver: DatabaseDriver, closeDriver: () => Promise<void>): DatabaseHandle {
  let closing: Promise<void> | undefined;
  return {
    db,
    driver,
    async ping() {
      await db.execute(sql`SELECT 1`);
    },
    close() {
      closing ??= closeDriver();
      return closing;
    },
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
