import { and, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { Database } from '../client.js';
import { type EmailTokenPurpose, emailTokens } from '../schema.js';

export type EmailTokenRecord = typeof emailTokens.$inferSelect;

export interface NewEmailToken {
  userId: string;
  purpose: EmailTokenPurpose;
  /** SHA-256 of the token sent by email; the token itself is never stored. */
  tokenHash: string;
  expiresAt: Date;
  now: Date;
}

export async function insertEmailToken(db: Database, input: NewEmailToken): Promise<EmailTokenRecord> {
  const [row] = await db
    .insert(emailTokens)
    .values({
      userId: input.userId,
      purpose: input.purpose,
      tokenHash: input.tokenHash,
      expiresAt: input.expiresAt,
      createdAt: input.now,
    })
    .returning();
  if (!row) throw new Error('INSERT ... RETURNING gave no row');
  return row;
}

/** Usable: this purpose, unused, not expired. */
function usable(input: { tokenHash: string; purpose: EmailTokenPurpose; now: Date }) {
  return and(
    eq(emailTokens.tokenHash, input.tokenHash),
    eq(emailTokens.purpose, input.purpose),
    isNull(emailTokens.usedAt),
    gt(emailTokens.expiresAt, input.now),
  );
}

/** The token if it could be used now, without using it. */
export async function findUsableEmailToken(
  db: Database,
  input: { tokenHash: string; purpose: EmailTokenPurpose; now: Date },
): Promise<EmailTokenRecord | null> {
  const rows = await db.select().from(emailTokens).where(usable(input)).limit(1);
  return rows[0] ?? null;
}

/**
 * Uses a token once: marks it used and returns it, if it has this purpose, is unused and has not
 * expired. A single UPDATE, so two requests with the same token cannot both succeed.
 */
export async function consumeEmailToken(
  db: Database,
  input: { tokenHash: string; purpose: EmailTokenPurpose; now: Date },
): Promise<EmailTokenRecord | null> {
  const rows = await db.update(emailTokens).set({ usedAt: input.now }).where(usable(input)).returning();
  return rows[0] ?? null;
}

/** Marks a user's unused tokens of one purpose as used (a newer one was sent, or the password changed). */
export async function invalidateEmailTokens(
  db: Database,
  userId: string,
  purpose: EmailTokenPurpose,
  now: Date,
): Promise<number> {
  const rows = await db
    .update(emailTokens)
    .set({ usedAt: now })
    .where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt)))
    .returning({ id: emailTokens.id });
  return rows.length;
}

/** Housekeeping: removes tokens that expired or were used before `before`. */
export async function deleteStaleEmailTokens(db: Database, before: Date): Promise<number> {
  const rows = await db
    .delete(emailTokens)
    .where(or(lte(emailTokens.expiresAt, before), lte(emailTokens.usedAt, before)))
    .returning({ id: emailTokens.id });
  return rows.length;
}
