import { and, desc, eq, gt, isNull, lte, ne, or, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { sessionRotatedTokens, sessions } from '../schema.js';
import { isUuid } from './common.js';

/** A session (refresh-token family) row. */
export type SessionRecord = typeof sessions.$inferSelect;

export interface NewSession {
  userId: string;
  /** SHA-256 of the first refresh token. */
  tokenHash: string;
  device?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  expiresAt: Date;
  now: Date;
}

/** Why a session ended; stored in `revoke_reason` and shown in the session list. */
export type RevokeReason =
  | 'logout'
  | 'logout-all'
  | 'revoked'
  | 'refresh-token-reuse'
  | 'password-changed'
  | 'password-reset'
  | 'account-disabled';

export async function insertSession(db: Database, input: NewSession): Promise<SessionRecord> {
  const [row] = await db
    .insert(sessions)
    .values({
      userId: input.userId,
      tokenHash: input.tokenHash,
      device: input.device ?? null,
      ip: input.ip ?? null,
      userAgent: input.userAgent ?? null,
      createdAt: input.now,
      lastUsedAt: input.now,
      expiresAt: input.expiresAt,
    })
    .returning();
  if (!row) throw new Error('INSERT ... RETURNING gave no row');
  return row;
}

export async function findSessionById(db: Database, id: string): Promise<SessionRecord | null> {
  if (!isUuid(id)) return null;
  const rows = await db.select().from(sessions).where(eq(sessions.id, id)).limit(1);
  return rows[0] ?? null;
}

/** The session whose current refresh token has this hash. */
export async function findSessionByTokenHash(db: Database, tokenHash: string): Promise<SessionRecord | null> {
  const rows = await db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)).limit(1);
  return rows[0] ?? null;
}

/** The session an already exchanged refresh token belonged to: presenting it again is reuse. */
export async function findSessionByRotatedTokenHash(db: Database, tokenHash: string): Promise<SessionRecord | null> {
  const rows = await db
    .select({ session: sessions })
    .from(sessionRotatedTokens)
    .innerJoin(sessions, eq(sessions.id, sessionRotatedTokens.sessionId))
    .where(eq(sessionRotatedTokens.tokenHash, tokenHash))
    .limit(1);
  return rows[0]?.session ?? null;
}

/** Active: not revoked and not expired at `now`. */
function isActive(now: Date): SQL {
  return and(isNull(sessions.revokedAt), gt(sessions.expiresAt, now)) as SQL;
}

/**
 * Replaces the session's refresh token, only if `currentHash` is still its token and the session
 * is active; the old hash is kept to recognise its reuse. `null` when another request rotated the
 * token first, or the session ended: the caller then treats the token as not current.
 */
export async function rotateSessionToken(
  db: Database,
  input: {
    sessionId: string;
    currentHash: string;
    nextHash: string;
    now: Date;
    ip?: string | null;
    userAgent?: string | null;
  },
): Promise<SessionRecord | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(sessions)
      .set({
        tokenHash: input.nextHash,
        lastUsedAt: input.now,
        ...(input.ip ? { ip: input.ip } : {}),
        ...(input.userAgent ? { userAgent: input.userAgent } : {}),
      })
      .where(and(eq(sessions.id, input.sessionId), eq(sessions.tokenHash, input.currentHash), isActive(input.now)))
      .returning();
    if (!row) return null;
    await tx
      .insert(sessionRotatedTokens)
      .values({ tokenHash: input.currentHash, sessionId: row.id, rotatedAt: input.now })
      .onConflictDoNothing();
    return row;
  });
}

/** Ends one session; false when it had already ended (or does not exist). */
export async function revokeSession(db: Database, id: string, reason: RevokeReason, now: Date): Promise<boolean> {
  if (!isUuid(id)) return false;
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now, revokeReason: reason })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Ends every open session of a user, except `exceptSessionId`; returns how many. */
export async function revokeUserSessions(
  db: Database,
  userId: string,
  reason: RevokeReason,
  now: Date,
  exceptSessionId?: string,
): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now, revokeReason: reason })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        exceptSessionId === undefined ? undefined : ne(sessions.id, exceptSessionId),
      ),
    )
    .returning({ id: sessions.id });
  return rows.length;
}

/** A user's active sessions, most recently used first. */
export async function listActiveSessions(db: Database, userId: string, now: Date): Promise<SessionRecord[]> {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isActive(now)))
    .orderBy(desc(sessions.lastUsedAt), desc(sessions.id));
}

/** Housekeeping: removes sessions that expired or were revoked before `before` (and their rotated hashes). */
export async function deleteEndedSessions(db: Database, before: Date): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(or(lte(sessions.expiresAt, before), lte(sessions.revokedAt, before)))
    .returning({ id: sessions.id });
  return rows.length;
}
