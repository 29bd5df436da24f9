import { describe, expect, it } from 'vitest';
import { TEST_DATABASES, useTestDatabase } from '../test-support/databases.js';
import { makeUser, minutesAfter, T0 } from '../test-support/fixtures.js';
import { findApiKeyByPrefix, insertApiKey, listApiKeys, revokeApiKey, touchApiKey } from './api-keys.js';

describe.each(TEST_DATABASES)('API keys repository %s', (_name, target) => {
  const database = useTestDatabase(target);

  async function key(userId: string, prefix: string, now = T0) {
    return insertApiKey(database().db, {
      userId,
      name: `CI ${prefix}`,
      prefix,
      keyHash: `hash-of-${prefix}`,
      scopes: ['scans:create', 'projects:read'],
      expiresAt: minutesAfter(now, 60),
      now,
    });
  }

  it('stores a key, hides its hash from summaries, and finds it by prefix', async () => {
    const { db } = database();
    const user = await makeUser(db);
    const summary = await key(user.id, 'ectus_abcdefghijkl');
    expect(summary).toMatchObject({ name: 'CI ectus_abcdefghijkl', scopes: ['scans:create', 'projects:read'] });
    expect(summary).not.toHaveProperty('keyHash');
    expect(await findApiKeyByPrefix(db, 'ectus_abcdefghijkl')).toMatchObject({ keyHash: 'hash-of-ectus_abcdefghijkl' });
    expect(await findApiKeyByPrefix(db, "ectus_' OR 1=1 --")).toBeNull();
  });

  it('refuses a duplicate prefix', async () => {
    const { db } = database();
    const user = await makeUser(db);
    await key(user.id, 'ectus_duplicate123');
    expect(await key(user.id, 'ectus_duplicate123')).toBeNull();
  });

  it("lists a user's keys newest first and revokes only the owner's key", async () => {
    const { db } = database();
    const user = await makeUser(db);
    const other = await makeUser(db);
    const first = await key(user.id, 'ectus_first0000000', T0);
    const second = await key(user.id, 'ectus_second000000', minutesAfter(T0, 1));
    expect((await listApiKeys(db, user.id)).map((row) => row.id)).toEqual([second!.id, first!.id]);
    expect(await revokeApiKey(db, { id: first!.id, userId: other.id, now: T0 })).toBe(false);
    expect(await revokeApiKey(db, { id: first!.id, userId: user.id, now: T0 })).toBe(true);
    expect(await revokeApiKey(db, { id: first!.id, now: T0 })).toBe(false);
    expect((await findApiKeyByPrefix(db, 'ectus_first0000000'))?.revokedAt).toEqual(T0);
  });

  it('records use at most once a minute', async () => {
    const { db } = database();
    const user = await makeUser(db);
    const summary = await key(user.id, 'ectus_touch0000000');
    await touchApiKey(db, summary!.id, T0);
    await touchApiKey(db, summary!.id, new Date(T0.getTime() + 30_000));
    expect((await findApiKeyByPrefix(db, 'ectus_touch0000000'))?.lastUsedAt).toEqual(T0);
    await touchApiKey(db, summary!.id, minutesAfter(T0, 2));
    expect((await findApiKeyByPrefix(db, 'ectus_touch0000000'))?.lastUsedAt).toEqual(minutesAfter(T0, 2));
  });
});
