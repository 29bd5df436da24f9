import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type DrizzleSnapshotJSON, generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { migrationsFolder, readMigrations } from './migrate.js';
import * as schema from './schema.js';

const tables = Object.values(schema as Record<string, unknown>).filter((value): value is PgTable => is(value, PgTable));

describe('schema', () => {
  it('matches the committed migrations (run `npx drizzle-kit generate` after changing it)', async () => {
    const migrations = await readMigrations();
    const last = migrations.at(-1)!.tag.slice(0, 4);
    const snapshot = JSON.parse(
      await fs.readFile(path.join(migrationsFolder(), 'meta', `${last}_snapshot.json`), 'utf8'),
    ) as DrizzleSnapshotJSON;
    const current = generateDrizzleJson(schema, snapshot.id);
    expect(await generateMigration(snapshot, current)).toEqual([]);
  });

  it('keys every table by a database-made UUID or a natural key, and stores instants with their zone', () => {
    for (const table of tables) {
      const config = getTableConfig(table);
      for (const column of config.columns) {
        if (column.columnType === 'PgTimestamp')
          expect(column.getSQLType(), `${config.name}.${column.name}`).toContain('with time zone');
      }
      const id = config.columns.find((column) => column.name === 'id');
      if (id) expect([id.columnType, id.primary, id.hasDefault]).toEqual(['PgUUID', true, true]);
    }
    expect(tables.map((table) => getTableConfig(table).name).sort()).toEqual([
      'api_keys',
      'audit_events',
      'email_tokens',
      'findings',
      'generations',
      'project_members',
      'projects',
      'roles',
      'scans',
      'session_rotated_tokens',
      'sessions',
      'settings',
      'users',
    ]);
  });

  it('indexes every foreign key column as the first column of some index or key', () => {
    for (const table of tables) {
      const config = getTableConfig(table);
      const leading = leadingColumns(config);
      for (const foreignKey of config.foreignKeys) {
        const column = foreignKey.reference().columns[0]!.name;
        // Audit and ownership columns cleared by ON DELETE SET NULL are not lookup paths.
        if (['created_by', 'added_by', 'updated_by'].includes(column)) continue;
        expect(leading.has(column), `${config.name}.${column}`).toBe(true);
      }
    }
  });
});

/** Columns that lead an index, a composite primary key or are the primary key. */
function leadingColumns(config: ReturnType<typeof getTableConfig>): Set<string> {
  const leading = new Set<string>();
  for (const index of config.indexes) {
    const first = index.config.columns[0] as { name?: string } | undefined;
    if (first?.name) leading.add(first.name);
  }
  for (const key of config.primaryKeys) leading.add(key.columns[0]!.name);
  for (const column of config.columns) if (column.primary) leading.add(column.name);
  return leading;
}
