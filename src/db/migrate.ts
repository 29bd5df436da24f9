import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { asc, sql } from 'drizzle-orm';
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { AppError } from '../errors.js';
import type { Database, Transaction } from './client.js';

/**
 * Applies the SQL migrations that drizzle-kit generated into `migrations/`, in journal order, and
 * records each in `ectus_migrations` (tag, SHA-256 of its SQL, when). All pending migrations run in
 * one transaction that first takes a transaction-scoped advisory lock, so two instances starting
 * together apply them once: the second waits for the lock, then finds nothing pending. A failing
 * statement rolls everything back. PGlite runs one transaction at a time, so the same code is safe
 * there too (and the data folder is locked to one process by `openPglite`).
 */

/** Records applied migrations; created by the runner, not by a migration. */
export const appliedMigrations = pgTable('ectus_migrations', {
  tag: text('tag').primaryKey(),
  hash: text('hash').notNull(),
  appliedAt: timestamp('applied_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** An arbitrary fixed key pair for `pg_advisory_xact_lock`: "ectus" and "migrate" as numbers. */
const LOCK_KEY = [0x65637475, 0x6d696772] as const;

const JOURNAL = path.join('meta', '_journal.json');
const BREAKPOINT = '--> statement-breakpoint';

export interface Migration {
  /** The file name without `.sql`, e.g. `0000_init`. */
  tag: string;
  /** SHA-256 of the file, to notice a migration edited after it was applied. */
  hash: string;
  statements: string[];
}

export interface MigrationResult {
  /** Tags applied by this call, in order. */
  applied: string[];
  /** Tags that were already applied before. */
  skipped: string[];
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Tags recorded in the database that this version does not know: a newer version migrated it. */
  unknown: string[];
}

/**
 * The folder with the generated SQL. The build (`tsc`) does not copy `.sql` files, so from `dist/db`
 * the folder is found in the package's `src/db/migrations` (which the package ships).
 */
export function migrationsFolder(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'migrations'), path.join(here, '..', '..', 'src', 'db', 'migrations')];
  const found = candidates.find((folder) => existsSync(path.join(folder, JOURNAL)));
  if (found === undefined) {
    throw new AppError('ECTUS_MIGRATION_FAILED', 'The database migrations are missing from this installation.', {
      details: { searched: candidates },
    });
  }
  return found;
}

/** Reads the journal and the SQL files it lists, in order. */
export async function readMigrations(folder: string = migrationsFolder()): Promise<Migration[]> {
  const entries = [...(await readJournal(folder))].sort((a, b) => a.idx - b.idx);
  return Promise.all(
    entries.map(async ({ tag }) => {
      // Line endings are normalised so a checkout that converts them does not look like an edit.
      const text = (await fs.readFile(path.join(folder, `${tag}.sql`), 'utf8')).replaceAll('\r\n', '\n');
      const statements = text
        .split(BREAKPOINT)
        .map((statement) => statement.trim())
        .filter((statement) => statement !== '');
      return { tag, hash: createHash('sha256').update(text).digest('hex'), statements };
    }),
  );
}

async function readJournal(folder: string): Promise<{ idx: number; tag: string }[]> {
  const file = path.join(folder, JOURNAL);
  try {
    const journal = JSON.parse(await fs.readFile(file, 'utf8')) as { entries?: { idx: number; tag: string }[] };
    return journal.entries ?? [];
  } catch (error) {
    throw new AppError('ECTUS_MIGRATION_FAILED', `The migration journal ${file} cannot be read.`, { cause: error });
  }
}

/**
 * Brings the database up to date. Throws `ECTUS_MIGRATION_FAILED` when a statement fails (nothing is
 * applied then) or when an applied migration's file has changed since.
 *
 * @example
 * const { applied } = await migrate(handle.db);
 */
export async function migrate(db: Database, migrations?: Migration[]): Promise<MigrationResult> {
  const all = migrations ?? (await readMigrations());
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_KEY[0]}, ${LOCK_KEY[1]})`);
    await ensureTable(tx);
    const recorded = await recordedMigrations(tx);
    checkUnchanged(all, recorded);
    const result: MigrationResult = { applied: [], skipped: [] };
    for (const migration of all) {
      if (recorded.has(migration.tag)) {
        result.skipped.push(migration.tag);
        continue;
      }
      await apply(tx, migration);
      result.applied.push(migration.tag);
    }
    return result;
  });
}

/** Which migrations are applied and which are pending, without changing anything (for `/ready`). */
export async function migrationStatus(db: Database, migrations?: Migration[]): Promise<MigrationStatus> {
  const all = migrations ?? (await readMigrations());
  const exists = await db.execute(sql`SELECT to_regclass('ectus_migrations') IS NOT NULL AS "exists"`);
  const recorded = firstRow(exists)?.exists === true ? await recordedMigrations(db) : new Map<string, string>();
  const known = new Set(all.map((migration) => migration.tag));
  return {
    applied: all.filter((migration) => recorded.has(migration.tag)).map((migration) => migration.tag),
    pending: all.filter((migration) => !recorded.has(migration.tag)).map((migration) => migration.tag),
    unknown: [...recorded.keys()].filter((tag) => !known.has(tag)),
  };
}

async function ensureTable(tx: Transaction): Promise<void> {
  await tx.execute(sql`CREATE TABLE IF NOT EXISTS "ectus_migrations" (
    "tag" text PRIMARY KEY NOT NULL,
    "hash" text NOT NULL,
    "applied_at" timestamp with time zone DEFAULT now() NOT NULL
  )`);
}

async function recordedMigrations(db: Database): Promise<Map<string, string>> {
  const rows = await db
    .select({ tag: appliedMigrations.tag, hash: appliedMigrations.hash })
    .from(appliedMigrations)
    .orderBy(asc(appliedMigrations.tag));
  return new Map(rows.map((row) => [row.tag, row.hash]));
}

function checkUnchanged(migrations: Migration[], recorded: Map<string, string>): void {
  const changed = migrations.filter((migration) => {
    const hash = recorded.get(migration.tag);
    return hash !== undefined && hash !== migration.hash;
  });
  if (changed.length > 0) {
    throw new AppError(
      'ECTUS_MIGRATION_FAILED',
      `Migration ${changed.map((migration) => migration.tag).join(', ')} changed after it was applied; add a new migration instead of editing one.`,
      { details: { changed: changed.map((migration) => migration.tag) } },
    );
  }
}

async function apply(tx: Transaction, migration: Migration): Promise<void> {
  for (const [index, statement] of migration.statements.entries()) {
    try {
      // The statements are the committed migration files themselves, not built from any input.
      await tx.execute(sql.raw(statement));
    } catch (error) {
      throw new AppError(
        'ECTUS_MIGRATION_FAILED',
        `Migration ${migration.tag} failed at statement ${index + 1}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error, details: { tag: migration.tag, statement: index + 1 } },
      );
    }
  }
  await tx.insert(appliedMigrations).values({ tag: migration.tag, hash: migration.hash });
}

/** `execute()` returns `{ rows }` on both drivers; its static type is left open by the shared type. */
function firstRow(result: unknown): Record<string, unknown> | undefined {
  const rows = (result as { rows?: Record<string, unknown>[] }).rows;
  return rows?.[0];
}
