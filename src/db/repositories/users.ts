import { and, asc, count, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { users } from '../schema.js';
import { isUuid, type PageRequest, pageBounds } from './common.js';

/** A `users` row, password hash included: keep it inside the services. */
export type UserRecord = typeof users.$inferSelect;

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
  role?: string;
  verifiedAt?: Date | null;
  now: Date;
}

/** How failed logins lock an account. */
export interface AccountLockPolicy {
  /** Failures within `windowMs` that lock the account. */
  maxFailures: number;
  /** How long a lock lasts. */
  lockDurationMs: number;
  /** Failures older than this no longer count. */
  windowMs: number;
}

/** `lower(email) = lower(?)`: emails are unique and found regardless of case. */
function emailMatches(email: string): SQL {
  return sql`lower(${users.email}) = lower(${email})`;
}

/** Inserts a user; `null` when the email (in any case) is already taken. */
export async function insertUser(db: Database, input: NewUser): Promise<UserRecord | null> {
  const rows = await db
    .insert(users)
    .values({
      email: input.email,
      name: input.name,
      passwordHash: input.passwordHash,
      role: input.role,
      verifiedAt: input.verifiedAt ?? null,
      passwordChangedAt: input.now,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .onConflictDoNothing()
    .returning();
  return rows[0] ?? null;
}

export async function findUserById(db: Database, id: string): Promise<UserRecord | null> {
  if (!isUuid(id)) return null;
  const rows = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function findUserByEmail(db: Database, email: string): Promise<UserRecord | null> {
  const rows = await db.select().from(users).where(emailMatches(email)).limit(1);
  return rows[0] ?? null;
}

/** Users in order of creation. */
export async function listUsers(db: Database, page?: PageRequest): Promise<UserRecord[]> {
  const { limit, offset } = pageBounds(page);
  return db.select().from(users).orderBy(asc(users.createdAt), asc(users.id)).limit(limit).offset(offset);
}

export async function countUsers(db: Database, role?: string): Promise<number> {
  const rows = await db
    .select({ value: count() })
    .from(users)
    .where(role === undefined ? undefined : eq(users.role, role));
  return rows[0]?.value ?? 0;
}

/** Users of `role` whose account is not disabled (the administrators who can still sign in). */
export async function countActiveUsers(db: Database, role: string): Promise<number> {
  const rows = await db
    .select({ value: count() })
    .from(users)
    .where(and(eq(users.role, role), isNull(users.disabledAt)));
  return rows[0]?.value ?? 0;
}

/**
 * Disables the account (`disabled_at` = `now`, kept when it already was) or enables it again
 * (`null`); `null` when there is no such user. Sessions and keys are the caller's business: run it
 * in a transaction with `revokeUserSessions`.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   await setUserDisabled(tx, userId, true, now);
 *   await revokeUserSessions(tx, userId, 'account-disabled', now);
 * });
 */
export async function setUserDisabled(
  db: Database,
  id: string,
  disabled: boolean,
  now: Date,
): Promise<UserRecord | null> {
  if (!isUuid(id)) return null;
  const rows = await db
    .update(users)
    .set({
      disabledAt: disabled ? sql`coalesce(${users.disabledAt}, ${now.toISOString()}::timestamptz)` : null,
      updatedAt: now,
    })
    .where(eq(users.id, id))
    .returning();
  return rows[0] ?? null;
}

/** Changes the name or the role; `null` when there is no such user. */
export async function updateUser(
  db: Database,
  id: string,
  changes: { name?: string; role?: string },
  now: Date,
): Promise<UserRecord | null> {
  if (!isUuid(id)) return null;
  const rows = await db
    .update(users)
    .set({ name: changes.name, role: changes.role, updatedAt: now })
    .where(eq(users.id, id))
    .returning();
  return rows[0] ?? null;
}

/**
 * Stores a new password hash. `passwordChanged` is false for a rehash of the same password with
 * new parameters, which must not count as a password change.
 */
export async function setPasswordHash(
  db: Database,
  id: string,
  passwordHash: string,
  options: { now: Date; passwordChanged: boolean },
): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({
      passwordHash,
      updatedAt: options.now,
      ...(options.passwordChanged ? { passwordChangedAt: options.now } : {}),
    })
    .where(eq(users.id, id))
    .returning({ id: users.id });
  return rows.length > 0;
}

export async function markEmailVerified(db: Database, id: string, now: Date): Promise<UserRecord | null> {
  const rows = await db
    .update(users)
    .set({ verifiedAt: sql`coalesce(${users.verifiedAt}, ${now.toISOString()}::timestamptz)`, updatedAt: now })
    .where(eq(users.id, id))
    .returning();
  return rows[0] ?? null;
}

/**
 * Counts a failed login. Failures older than the policy's window start the count again; reaching
 * `maxFailures` locks the account until `lockedUntil` and starts the count again for afterwards.
 * The row lock of the first UPDATE makes concurrent failures count one by one.
 */
export async function recordLoginFailure(
  db: Database,
  id: string,
  policy: AccountLockPolicy,
  now: Date,
): Promise<{ failedLogins: number; lockedUntil: Date | null }> {
  const windowStart = new Date(now.getTime() - policy.windowMs).toISOString();
  return db.transaction(async (tx) => {
    const [counted] = await tx
      .update(users)
      .set({
        failedLogins: sql`CASE WHEN ${users.lastFailedLoginAt} IS NULL OR ${users.lastFailedLoginAt} <= ${windowStart}::timestamptz THEN 1 ELSE ${users.failedLogins} + 1 END`,
        lastFailedLoginAt: now,
      })
      .where(eq(users.id, id))
      .returning({ failedLogins: users.failedLogins, lockedUntil: users.lockedUntil });
    if (!counted || counted.failedLogins < policy.maxFailures) {
      return { failedLogins: counted?.failedLogins ?? 0, lockedUntil: counted?.lockedUntil ?? null };
    }
    const lockedUntil = new Date(now.getTime() + policy.lockDurationMs);
    await tx.update(users).set({ lockedUntil, failedLogins: 0 }).where(eq(users.id, id));
    return { failedLogins: counted.failedLogins, lockedUntil };
  });
}

/** A successful login: the failure count and any expired lock are cleared. */
export async function recordLoginSuccess(db: Database, id: string, now: Date): Promise<void> {
  await db
    .update(users)
    .set({ failedLogins: 0, lastFailedLoginAt: null, lockedUntil: null, lastLoginAt: now })
    .where(eq(users.id, id));
}

/** Lifts a lock and forgets failures (an administrator's unlock, a password reset). */
export async function clearLoginFailures(db: Database, id: string): Promise<void> {
  await db.update(users).set({ failedLogins: 0, lastFailedLoginAt: null, lockedUntil: null }).where(eq(users.id, id));
}

export async function deleteUser(db: Database, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const rows = await db.delete(users).where(eq(users.id, id)).returning({ id: users.id });
  return rows.length > 0;
}
