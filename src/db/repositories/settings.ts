import { asc, eq } from 'drizzle-orm';
import type { Database } from '../client.js';
import { settings } from '../schema.js';

export type SettingRecord = typeof settings.$inferSelect;

export async function getSetting(db: Database, key: string): Promise<SettingRecord | null> {
  const rows = await db.select().from(settings).where(eq(settings.key, key)).limit(1);
  return rows[0] ?? null;
}

/** Sets a key to a JSON value (an object, array, string, number or boolean; `null` is not a value). */
export async function putSetting(
  db: Database,
  input: { key: string; value: unknown; updatedBy: string | null; now: Date },
): Promise<SettingRecord> {
  const [row] = await db
    .insert(settings)
    .values({ key: input.key, value: input.value, updatedBy: input.updatedBy, updatedAt: input.now })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value: input.value, updatedBy: input.updatedBy, updatedAt: input.now },
    })
    .returning();
  if (!row) throw new Error('INSERT ... RETURNING gave no row');
  return row;
}

export async function listSettings(db: Database): Promise<SettingRecord[]> {
  return db.select().from(settings).orderBy(asc(settings.key));
}

export async function deleteSetting(db: Database, key: string): Promise<boolean> {
  const rows = await db.delete(settings).where(eq(settings.key, key)).returning({ key: settings.key });
  return rows.length > 0;
}
