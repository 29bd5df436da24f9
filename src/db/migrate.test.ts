import { existsSync } from 'node:fs';
import path from 'node:path';
import { asc, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { BUILTIN_ROLES } from '../auth/rbac.js';
import { isAppError } from '../errors.js';
import { openDatabase } from './client.js';
import {
  appliedMigrations,
  type Migration,
  migrate,
  migrationStatus,
  migrationsFolder,
  readMigrations,
} from './migrate.js';
import { roles } from './schema.js';
import { TEST_DATABASES, type TestDatabase, useTestDatabase } from './test-support/databases.js';

async function tableExists(database: TestDatabase, table: string): Promise<boolean> {
  const result = await database.db.execute(sql`SELECT to_regclass(${table}) IS NOT NULL AS "exists"`);
  return (result as unknown as { rows: { exists: boolean }[] }).rows[0]?.exists === true;
}

const ALL_TAGS = ['0000_init', '0001_builtin-roles', '0002_user-disabled'];

describe('readMigrations', () => {
  it('reads the committed migrations in journal order, split into statements', async () => {
    const migrations = await readMigrations();
    expect(migrations.map((migration) => migration.tag)).toEqual(ALL_TAGS);
    expect(migrations[0]?.statements.some((statement) => statement.startsWith('CREATE TABLE "users"'))).toBe(true);
    expect(migrations[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds the folder beside the sources', () => {
    expect(existsSync(path.join(migrationsFolder(), 'meta', '_journal.json'))).toBe(true);
  });
});

describe.each(TEST_DATABASES)('migrate %s', (_name, target) => {
  const database = useTestDatabase(target, { migrated: false });

  it('reports everything pending on an empty database, applies it once, then has nothing to do', async () => {
    const { db } = database();
    expect(await migrationStatus(db)).toEqual({
      applied: [],
      pending: ALL_TAGS,
      unknown: [],
    });
    expect(await migrate(db)).toEqual({ applied: ALL_TAGS, skipped: [] });
    expect(await migrate(db)).toEqual({ applied: [], skipped: ALL_TAGS });
    expect(await migrationStatus(db)).toEqual({
      applied: ALL_TAGS,
      pending: [],
      unknown: [],
    });
    const recorded = await db.select().from(appliedMigrations).orderBy(asc(appliedMigrations.tag));
    expect(recorded.map((row) => row.appliedAt instanceof Date)).toEqual([true, true, true]);
  });

  it('inserts the built-in roles exactly as the code defines them', async () => {
    const rows = await database().db.select().from(roles).orderBy(asc(roles.name));
    const expected = Object.values(BUILTIN_ROLES)
      .map((role) => ({ name: role.name, description: role.description, permissions: [...role.permissions] }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(rows.map(({ name, description, permissions }) => ({ name, description, permissions }))).toEqual(expected);
    expect(rows.every((row) => row.builtin)).toBe(true);
  });

  it('applies concurrent calls once (the advisory lock serialises them)', async () => {
    const { db, url } = database();
    const extra: Migration = {
      tag: '9000_concurrent',
      hash: 'a'.repeat(64),
      statements: ['CREATE TABLE "concurrent_probe" ("id" integer PRIMARY KEY)'],
    };
    const all = [...(await readMigrations()), extra];
    // On PostgreSQL a second pool stands for a second instance; PGlite is one process.
    const other = url ? await openDatabase({ url, dataDir: '' }) : undefined;
    try {
      const results = await Promise.all([migrate(db, all), migrate(other?.db ?? db, all)]);
      expect(results.flatMap((result) => result.applied)).toEqual(['9000_concurrent']);
    } finally {
      await other?.close();
    }
    expect(await tableExists(database(), 'concurrent_probe')).toBe(true);
  });

  it('rolls back every statement of a failing run and names the migration', async () => {
    const { db } = database();
    const failing: Migration[] = [
      ...(await readMigrations()),
      { tag: '9001_good', hash: 'b'.repeat(64), statements: ['CREATE TABLE "rollback_probe" ("id" integer)'] },
      { tag: '9002_bad', hash: 'c'.repeat(64), statements: ['SELECT 1', 'ALTER TABLE "no_such_table" ADD "x" text'] },
    ];
    const error = await migrate(db, failing).catch((caught: unknown) => caught);
    expect(isAppError(error) && error.code).toBe('ECTUS_MIGRATION_FAILED');
    expect((error as Error).message).toContain('9002_bad failed at statement 2');
    expect(await tableExists(database(), 'rollback_probe')).toBe(false);
    expect((await migrationStatus(db, failing)).pending).toEqual(['9001_good', '9002_bad']);
  });

  it('refuses to run when an applied migration was edited, and lists tags it does not know', async () => {
    const { db } = database();
    const migrations = await readMigrations();
    const edited = migrations.map((migration, index) =>
      index === 0 ? { ...migration, hash: 'd'.repeat(64) } : migration,
    );
    await expect(migrate(db, edited)).rejects.toMatchObject({
      code: 'ECTUS_MIGRATION_FAILED',
      details: { changed: ['0000_init'] },
    });
    expect((await migrationStatus(db, migrations.slice(0, 1))).unknown).toContain('0001_builtin-roles');
  });
});

describe.each(TEST_DATABASES)('migrate an older database %s', (_name, target) => {
  const database = useTestDatabase(target, { migrated: false });

  it('upgrades a database that has users: existing accounts stay enabled', async () => {
    const { db } = database();
    const migrations = await readMigrations();
    await migrate(db, migrations.slice(0, 2));
    await db.execute(
      sql`INSERT INTO "users" ("email", "name", "password_hash", "role") VALUES ('old@example.com', 'Old', 'x', 'admin')`,
    );
    expect(await migrate(db, migrations)).toEqual({ applied: ['0002_user-disabled'], skipped: ALL_TAGS.slice(0, 2) });
    const rows = await db.execute(sql`SELECT "disabled_at" FROM "users" WHERE "email" = 'old@example.com'`);
    expect((rows as unknown as { rows: { disabled_at: unknown }[] }).rows).toEqual([{ disabled_at: null }]);
  });
});
