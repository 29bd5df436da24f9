import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '../client.js';
import { apiKeys, users } from '../schema.js';
import { isUuid } from './common.js';

export type ApiKeyRecord = typeof apiKeys.$inferSelect;

/** An API key as listed to its owner: everything but the hash. */
export type ApiKeySummary = Omit<ApiKeyRecord, 'keyHash'>;

export interface NewApiKey {
  userId: string;
  name: string;
  prefix: string;
  keyHash: string;
  scopes: readonly string[];
  expiresAt: Date | null;
  now: Date;
}

const summaryColumns = {
  id: apiKeys.id,
  userId: apiKeys.userId,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  expiresAt: apiKeys.expiresAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  createdAt: apiKeys.createdAt,
};

/** Inserts a key; `null` when its prefix is already taken (generate another key then). */
export async function insertApiKey(db: Database, input: NewApiKey): Promise<ApiKeySummary | null> {
  const rows = await db
    .insert(apiKeys)
    .values({
      userId: input.userId,
      name: input.name,
      prefix: input.prefix,
      keyHash: input.keyHash,
      scopes: [...input.scopes],
      expiresAt: input.expiresAt,
      createdAt: input.now,
    })
    .onConflictDoNothing()
    .returning(summaryColumns);
  return rows[0] ?? null;
}

export async function findApiKeyByPrefix(db: Database, prefix: string): Promise<ApiKeyRecord | null> {
  const rows = await db.select().from(apiKeys).where(eq(apiKeys.prefix, prefix)).limit(1);
  return rows[0] ?? null;
}

/** A key with what authenticating it needs to know of its owner. */
export interface ApiKeyWithOwner {
  key: ApiKeyRecord;
  ownerRole: string;
  /** Set while the owner's account is disabled: the key must not work then. */
  ownerDisabledAt: Date | null;
}

/**
 * The key with this prefix and its owner's role and disabled state, in one query (this runs on every
 * request made with a key).
 *
 * @example
 * const found = await findApiKeyWithOwner(db, presented.slice(0, 18));
 * if (found?.ownerDisabledAt) return { kind: 'invalid', reason: 'revoked' };
 */
export async function findApiKeyWithOwner(db: Database, prefix: string): Promise<ApiKeyWithOwner | null> {
  const rows = await db
    .select({ key: apiKeys, ownerRole: users.role, ownerDisabledAt: users.disabledAt })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.prefix, prefix))
    .limit(1);
  return rows[0] ?? null;
}

/** A user's keys, newest first, revoked ones included (marked by `revokedAt`). */
export async function listApiKeys(db: Database, userId: string): Promise<ApiKeySummary[]> {
  return db
    .select(summaryColumns)
    .from(apiKeys)
    .where(eq(apiKeys.userId, userId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

/** Revokes a key; with `userId`, only that user's key. False when not found or already revoked. */
export async function revokeApiKey(db: Database, input: { id: string; userId?: string; now: Date }): Promise<boolean> {
  if (!isUuid(input.id)) return false;
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: input.now })
    .where(
      and(
        eq(apiKeys.id, input.id),
        isNull(apiKeys.revokedAt),
        input.userId === undefined ? undefined : eq(apiKeys.userId, input.userId),
      ),
    )
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

/** How stale `last_used_at` may get: a busy CI key should not cost a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

/** Records that a key was used, at most once a minute. */
export async function touchApiKey(db: Database, id: string, now: Date): Promise<void> {
  const staleBefore = new Date(now.getTime() - TOUCH_INTERVAL_MS);
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, staleBefore))));
}
