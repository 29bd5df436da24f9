import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './client.js';
import { migrate, migrationStatus } from './migrate.js';
import { findings, generations, scans, settings } from './schema.js';
import { OPEN_TIMEOUT_MS, TEST_DATABASES, useTestDatabase } from './test-support/databases.js';
import { makeProject, makeUser, T0 } from './test-support/fixtures.js';

describe.each(TEST_DATABASES)('database client %s', (_name, target) => {
  const database = useTestDatabase(target);

  it('answers ping and runs its sessions in UTC', async () => {
    await expect(database().handle.ping()).resolves.toBeUndefined();
    expect(database().handle.driver).toBe(target.driver);
    const result = await database().db.execute(sql`SELECT current_setting('TimeZone') AS "zone"`);
    expect((result as unknown as { rows: { zone: string }[] }).rows[0]?.zone).toBe('UTC');
  });

  it('reads timestamps as Dates, JSON as values, arrays as arrays and numerics as numbers on both drivers', async () => {
    const { db } = database();
    const user = await makeUser(db);
    const project = await makeProject(db, user);
    const [scan] = await db
      .insert(scans)
      .values({ projectId: project.id, source: 'files', severityCounts: { high: 2, low: 1 }, createdAt: T0 })
      .returning();
    await db.insert(findings).values({
      scanId: scan!.id,
      ruleId: 'sql-injection',
      messageId: 'taintedQuery',
      category: 'security',
      severity: 'high',
      file: 'src/db.ts',
      line: 3,
      column: 5,
      endLine: 3,
      endColumn: 40,
      message: 'Request data reaches a SQL query.',
      fingerprint: 'f1',
      cwe: [89, 943],
      properties: { flow: [{ file: 'src/db.ts', line: 1 }] },
    });
    await db.insert(generations).values({
      projectId: project.id,
      prompt: 'Add a health route',
      provider: 'ollama',
      model: 'qwen2.5-coder',
      costUsd: 0.012345,
      files: [{ path: 'src/health.ts', content: 'export {}' }],
    });
    await db.insert(settings).values({ key: 'banner', value: 'Maintenance at 18:00', updatedAt: T0 });

    const [readScan] = await db.select().from(scans).where(eq(scans.id, scan!.id));
    expect(readScan?.createdAt).toEqual(T0);
    expect(readScan?.severityCounts).toEqual({ high: 2, low: 1 });
    const [finding] = await db.select().from(findings);
    expect(finding).toMatchObject({ cwe: [89, 943], properties: { flow: [{ file: 'src/db.ts', line: 1 }] }, line: 3 });
    const [generation] = await db.select().from(generations);
    expect(generation?.costUsd).toBe(0.012345);
    expect(generation?.createdAt).toBeInstanceOf(Date);
    expect(generation?.files).toEqual([{ path: 'src/health.ts', content: 'export {}' }]);
    const [setting] = await db.select().from(settings);
    expect(setting?.value).toBe('Maintenance at 18:00');
  });

  it('enforces the CHECK constraints and foreign keys of the schema', async () => {
    const { db } = database();
    const project = await makeProject(db, null);
    await expect(db.insert(scans).values({ projectId: project.id, source: 'ftp' as 'files' })).rejects.toThrow();
    await expect(
      db.insert(scans).values({ projectId: '00000000-0000-4000-8000-000000000000', source: 'files' }),
    ).rejects.toThrow();
    await expect(makeUser(db, { role: 'superuser' })).rejects.toThrow();
  });
});

describe('openDatabase', () => {
  let dataDir: string | undefined;

  afterEach(async () => {
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  });

  it(
    'keeps the embedded database in <dataDir>/db, locked to one opener, and keeps data across restarts',
    async () => {
      dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ectus-db-'));
      const first = await openDatabase({ dataDir });
      expect(first.driver).toBe('pglite');
      await migrate(first.db);
      await makeUser(first.db, { email: 'kept@example.com' });
      await expect(openDatabase({ dataDir })).rejects.toMatchObject({ code: 'ECTUS_DATABASE_LOCKED' });
      await first.close();
      await first.close();
      expect((await fs.stat(path.join(dataDir, 'db'))).isDirectory()).toBe(true);

      const second = await openDatabase({ dataDir });
      try {
        expect((await migrationStatus(second.db)).pending).toEqual([]);
        await expect(makeUser(second.db, { email: 'KEPT@example.com' })).rejects.toThrow('taken');
      } finally {
        await second.close();
      }
    },
    OPEN_TIMEOUT_MS,
  );

  it('reports an unreachable PostgreSQL server as ECTUS_DATABASE_UNAVAILABLE', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    await expect(openDatabase({ url: 'postgres://postgres@127.0.0.1:1/none', dataDir: '' })).rejects.toMatchObject({
      code: 'ECTUS_DATABASE_UNAVAILABLE',
    });
  });
});
