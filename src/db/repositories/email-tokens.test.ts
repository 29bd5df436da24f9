import { describe, expect, it } from 'vitest';
import { TEST_DATABASES, useTestDatabase } from '../test-support/databases.js';
import { makeUser, minutesAfter, T0 } from '../test-support/fixtures.js';
import {
  consumeEmailToken,
  deleteStaleEmailTokens,
  findUsableEmailToken,
  insertEmailToken,
  invalidateEmailTokens,
} from './email-tokens.js';

describe.each(TEST_DATABASES)('email tokens repository %s', (_name, target) => {
  const database = useTestDatabase(target);

  it('consumes a token once, for its own purpose, before it expires', async () => {
    const { db } = database();
    const user = await makeUser(db);
    const expiresAt = minutesAfter(T0, 60);
    await insertEmailToken(db, { userId: user.id, purpose: 'reset', tokenHash: 'r1', expiresAt, now: T0 });
    expect(await consumeEmailToken(db, { tokenHash: 'r1', purpose: 'verify', now: T0 })).toBeNull();
    expect(await findUsableEmailToken(db, { tokenHash: 'r1', purpose: 'reset', now: T0 })).not.toBeNull();
    expect(await consumeEmailToken(db, { tokenHash: 'r1', purpose: 'reset', now: minutesAfter(T0, 1) })).toMatchObject({
      userId: user.id,
      usedAt: minutesAfter(T0, 1),
    });
    expect(await consumeEmailToken(db, { tokenHash: 'r1', purpose: 'reset', now: minutesAfter(T0, 2) })).toBeNull();
    expect(await findUsableEmailToken(db, { tokenHash: 'r1', purpose: 'reset', now: T0 })).toBeNull();
  });

  it('refuses an expired token', async () => {
    const { db } = database();
    const user = await makeUser(db);
    await insertEmailToken(db, {
      userId: user.id,
      purpose: 'verify',
      tokenHash: 'v1',
      expiresAt: minutesAfter(T0, 5),
      now: T0,
    });
    expect(await consumeEmailToken(db, { tokenHash: 'v1', purpose: 'verify', now: minutesAfter(T0, 5) })).toBeNull();
  });

  it('lets only one of two concurrent uses succeed', async () => {
    const { db } = database();
    const user = await makeUser(db);
    await insertEmailToken(db, {
      userId: user.id,
      purpose: 'reset',
      tokenHash: 'race',
      expiresAt: minutesAfter(T0, 5),
      now: T0,
    });
    const results = await Promise.all(
      [1, 2, 3].map(() => consumeEmailToken(db, { tokenHash: 'race', purpose: 'reset', now: T0 })),
    );
    expect(results.filter((row) => row !== null)).toHaveLength(1);
  });

  it('invalidates the unused tokens of one purpose and cleans up stale ones', async () => {
    const { db } = database();
    const user = await makeUser(db);
    const later = minutesAfter(T0, 60);
    await insertEmailToken(db, { userId: user.id, purpose: 'reset', tokenHash: 'a', expiresAt: later, now: T0 });
    await insertEmailToken(db, { userId: user.id, purpose: 'reset', tokenHash: 'b', expiresAt: later, now: T0 });
    await insertEmailToken(db, { userId: user.id, purpose: 'verify', tokenHash: 'c', expiresAt: later, now: T0 });
    expect(await invalidateEmailTokens(db, user.id, 'reset', T0)).toBe(2);
    expect(await consumeEmailToken(db, { tokenHash: 'a', purpose: 'reset', now: T0 })).toBeNull();
    expect(await deleteStaleEmailTokens(db, minutesAfter(T0, 1))).toBe(2);
    expect(await consumeEmailToken(db, { tokenHash: 'c', purpose: 'verify', now: T0 })).not.toBeNull();
  });
});
