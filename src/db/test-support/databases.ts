import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type Database, type DatabaseDriver, type DatabaseHandle, openDatabase, openPglite } from '../client.js';
import { migrate, readMigrations } from '../migrate.js';
import * as schema from '../schema.js';

/**
 * Every database test runs twice: on the embedded PGlite and on a real PostgreSQL server. Use with
 * `describe.each(TEST_DATABASES)('... %s', (_name, target) => { const database = useTestDatabase(target); ... })`
 * (pairs of name and target, because `%s` prints the whole name where `$name` would shorten it).
 *
 * The PostgreSQL side needs a server at `DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/test`,
 * which CI provides): each test file gets a fresh database `ectus_test_<random>` created through that
 * URL and dropped afterwards. When the server cannot be reached those tests fail; they never skip.
 */

export interface TestDatabase {
  db: Database;
  handle: DatabaseHandle;
  /** PostgreSQL only: the test database's URL, to connect a second pool as another instance would. */
  url?: string;
}

export interface OpenTestOptions {
  /** Apply the migrations (default true). */
  migrated?: boolean;
}

export interface TestDatabaseTarget {
  name: string;
  driver: DatabaseDriver;
  /** An empty database (migrated unless `migrated: false`) and a function that removes it. */
  open(options?: OpenTestOptions): Promise<{ database: TestDatabase; dispose(): Promise<void> }>;
}

export const ADMIN_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const TARGETS: readonly TestDatabaseTarget[] = [
  { name: 'on PGlite', driver: 'pglite', open: openTestPglite },
  {
    name: 'on PostgreSQL (needs a running server at DATABASE_URL or 127.0.0.1:5432)',
    driver: 'postgres',
    open: openTestPostgres,
  },
];

export const TEST_DATABASES: readonly (readonly [string, TestDatabaseTarget])[] = TARGETS.map(
  (target) => [target.name, target] as const,
);

/** Starting PGlite runs initdb in WebAssembly: seconds on a busy machine. */
export const OPEN_TIMEOUT_MS = 120_000;

/**
 * Opens `target` once for the surrounding `describe` and empties its tables before each test (the
 * built-in roles and the migration records stay). Returns a getter for the open database. When the
 * database cannot be opened, every test of the block fails with the reason (none is skipped).
 * With `migrated: false` the database starts empty and is never cleared (for migration tests).
 */
export function useTestDatabase(target: TestDatabaseTarget, options: OpenTestOptions = {}): () => TestDatabase {
  let opened: { database: TestDatabase; dispose(): Promise<void> } | undefined;
  let failure: unknown;
  beforeAll(async () => {
    try {
      opened = await target.open(options);
    } catch (error) {
      failure = error;
    }
  }, OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await opened?.dispose();
  });
  beforeEach(async () => {
    if (failure !== undefined) throw failure;
    if (opened && options.migrated !== false) await emptyTables(opened.database.db);
  });
  return () => {
    if (!opened) throw new Error(`The test database ${target.name} is not open.`, { cause: failure });
    return opened.database;
  };
}

/**
 * Removes every row but the built-in roles and the migration records. DELETE, not TRUNCATE: on
 * tables this small it is many times faster, and the foreign keys' ON DELETE CASCADE reaches the
 * sessions, keys, tokens, members, scans, findings and generations.
 */
async function emptyTables(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(schema.auditEvents);
    await tx.delete(schema.settings);
    await tx.delete(schema.generations);
    await tx.delete(schema.projects);
    await tx.delete(schema.users);
    await tx.delete(schema.roles).where(eq(schema.roles.builtin, false));
  });
}

async function openTestPglite(options: OpenTestOptions = {}) {
  const handle = options.migrated === false ? await openPglite() : await openPglite(undefined, await migratedImage());
  return { database: { db: handle.db, handle }, dispose: () => handle.close() };
}

/**
 * A migrated PGlite data folder as a tarball, made once and kept in the temporary folder under a
 * key of the PGlite version and the migrations: loading it is several times faster than initdb.
 */
const IMAGE_PREFIX = 'ectus-test-pglite-';

async function migratedImage(): Promise<Blob> {
  const name = `${IMAGE_PREFIX}${await imageKey()}.tar`;
  const file = path.join(os.tmpdir(), name);
  try {
    return new Blob([await fs.readFile(file)]);
  } catch {
    const handle = await openPglite();
    try {
      await migrate(handle.db);
      const image = await (handle.db as unknown as { $client: PGlite }).$client.dumpDataDir('none');
      const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      await fs.writeFile(temp, new Uint8Array(await image.arrayBuffer()));
      await fs.rename(temp, file);
      await removeOtherImages(name);
      return image;
    } finally {
      await handle.close();
    }
  }
}

/** Images of older migrations or PGlite versions (tens of MB each) are not needed any more. */
async function removeOtherImages(keep: string): Promise<void> {
  const stale = (await fs.readdir(os.tmpdir())).filter(
    (entry) => entry.startsWith(IMAGE_PREFIX) && entry.endsWith('.tar') && entry !== keep,
  );
  await Promise.all(stale.map((entry) => fs.rm(path.join(os.tmpdir(), entry), { force: true })));
}

async function imageKey(): Promise<string> {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@electric-sql/pglite');
  const stat = await fs.stat(entry);
  const hash = createHash('sha256').update(`${entry} ${stat.size} ${stat.mtimeMs}`);
  for (const migration of await readMigrations()) hash.update(migration.hash);
  return hash.digest('hex').slice(0, 16);
}

async function openTestPostgres(options: OpenTestOptions = {}) {
  const name = `ectus_test_${randomBytes(6).toString('hex')}`;
  await administer(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  let handle: DatabaseHandle | undefined;
  try {
    handle = await openDatabase({ url: url.toString(), dataDir: '', maxConnections: 4 });
    if (options.migrated !== false) await migrate(handle.db);
  } catch (error) {
    await handle?.close();
    await dropDatabase(name);
    throw error;
  }
  const opened = handle;
  return {
    database: { db: opened.db, handle: opened, url: url.toString() },
    async dispose() {
      await opened.close();
      await dropDatabase(name);
    },
  };
}

function dropDatabase(name: string): Promise<void> {
  return administer(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
}

/** Runs one statement on the administration database (CREATE/DROP DATABASE cannot take parameters). */
async function administer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${redact(ADMIN_DATABASE_URL)}: these tests need a running server (set DATABASE_URL).`,
      { cause: error },
    );
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
