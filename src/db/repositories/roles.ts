import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../client.js';
import { roles } from '../schema.js';

export type RoleRecord = typeof roles.$inferSelect;

/** Every role with its permissions (build a catalog from them with `buildRoleCatalog`). */
export async function listRoles(db: Database): Promise<RoleRecord[]> {
  return db.select().from(roles).orderBy(asc(roles.name));
}

export async function findRole(db: Database, name: string): Promise<RoleRecord | null> {
  const rows = await db.select().from(roles).where(eq(roles.name, name)).limit(1);
  return rows[0] ?? null;
}

/** Creates or changes a custom role; built-in roles are left as the migrations define them. */
export async function upsertCustomRole(
  db: Database,
  input: { name: string; description: string; permissions: readonly string[]; now: Date },
): Promise<RoleRecord | null> {
  const rows = await db
    .insert(roles)
    .values({
      name: input.name,
      description: input.description,
      permissions: [...input.permissions],
      builtin: false,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .onConflictDoUpdate({
      target: roles.name,
      set: { description: input.description, permissions: [...input.permissions], updatedAt: input.now },
      setWhere: eq(roles.builtin, false),
    })
    .returning();
  return rows[0] ?? null;
}

/** Deletes a custom role that nobody holds; false for built-in roles, unknown names, or roles in use. */
export async function deleteCustomRole(db: Database, name: string): Promise<boolean> {
  try {
    const rows = await db
      .delete(roles)
      .where(and(eq(roles.name, name), eq(roles.builtin, false)))
      .returning({ name: roles.name });
    return rows.length > 0;
  } catch (error) {
    if (isForeignKeyViolation(error)) return false;
    throw error;
  }
}

/**
 * A row still referenced under ON DELETE RESTRICT: SQLSTATE 23503 up to PostgreSQL 17, 23001 from
 * 18 on (PGlite). drizzle wraps driver errors, so the code may sit on a cause.
 */
const REFERENCED_ROW_CODES = new Set(['23503', '23001']);

function isForeignKeyViolation(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (REFERENCED_ROW_CODES.has(String((current as { code?: unknown }).code))) return true;
  }
  return false;
}
