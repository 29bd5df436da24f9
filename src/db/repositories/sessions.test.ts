import { describe, expect, it } from 'vitest';
import { TEST_DATABASES, useTestDatabase } from '../test-support/databases.js';
import { makeUser, minutesAfter, T0 } from '../test-support/fixtures.js';
import {
  deleteEndedSessions,
  findSessionById,
  findSessionByRotatedTokenHash,
  findSessionByTokenHash,
  insertSession,
  listActiveSessions,
  revokeSession,
  revokeUserSessions,
  rotateSessionToken,
} from './sessions.js';
import { deleteUser } from './users.js';

const DAY = 24 * 60;

describe.each(TEST_DATABASES)('sessions repository %s', (_name, target) => {
  const database = useTestDatabase(target);

  async function open(userId: string, tokenHash: string, now = T0) {
    return insertSession(database().db, {
      userId,
      tokenHash,
      device: 'Firefox on Linux',
      ip: '203.0.113.7',
      userAgent: 'Mozilla/5.0',
      expiresAt: minutesAfter(now, 30 * DAY),
      now,
    });
  }

  it('creates a session and finds it by id and by its current token hash', async () => {
    const { db } = database();
    const user = await makeUser(db);
    const session = await open(user.id, 'hash-1');
    expect(session).toMatchObject({ userId: user.id, device: 'Firefox on Linux', lastUsedAt: T0, revokedAt: null });
    expect((await findSessionByTokenHash(db, 'hash-1'))?.id).toBe(session.id);
    expect((await findSessionById(db, session.id))?.tokenHash).toBe('hash-1');
    expect(await findSessionById(db, 'nope')).toBeNull();
  });

  it('rotates the token once, remembering the old hash for reuse detection', async () => {
    const { db } = database();
    const user = await makeUser(db);
    const session = await open(user.id, 'hash-1');
    const later = minutesAfter(T0, 5);
    const rotated = await rotateSessionToken(db, {
      sessionId: session.id,
      currentHash: 'hash-1',
      nextHash: 'hash-2',
      now: later,
      ip: '198.51.100.1',
    });
    expect(rotated).toMatchObject({
      tokenHash: 'hash-2',
      lastUsedAt: later,
      ip: '198.51.100.1',
      userAgent: 'Mozilla/5.0',
    });
    expect(await findSessionByTokenHash(db, 'hash-1')).toBeNull();
    expect((await findSessionByRotatedTokenHash(db, 'hash-1'))?.id).toBe(session.id);
    expect(await findSessionByRotatedTokenHash(db, 'hash-2')).toBeNull();
    // The old hash is no longer current: a second rotation with it does nothing.
    expect(
      await rotateSessionToken(db, { sessionId: session.id, currentHash: 'hash-1', nextHash: 'hash-3', now: later }),
    ).toBeNull();
  });

  it('lets only one of two concurrent rotations with the same token win', async () => {
    const { db } = database();
    const user = await makeUser(db);
    const session = await open(user.id, 'hash-1');
    const results = await Promise.all(
      ['hash-a', 'hash-b'].map((nextHash) =>
        rotateSessionToken(db, { sessionId: session.id, currentHash: 'hash-1', nextHash, now: T0 }),
      ),
    );
    expect(results.filter((result) => result !== null)).toHaveLength(1);
  });

  it('does not rotate revoked or expired sessions', async () => {
    const { db } = database();
    const user = await makeUser(db);
    const revoked = await open(user.id, 'hash-r');
    await revokeSession(db, revoked.id, 'logout', T0);
    expect(
      await rotateSessionToken(db, { sessionId: revoked.id, currentHash: 'hash-r', nextHash: 'x', now: T0 }),
    ).toBeNull();
    const expired = await open(user.id, 'hash-e');
    expect(
      await rotateSessionToken(db, {
        sessionId: expired.id,
        currentHash: 'hash-e',
        nextHash: 'y',
        now: minutesAfter(T0, 31 * DAY),
      }),
    ).toBeNull();
  });

  it('revokes one session once, or all of a user but one', async () => {
    const { db } = database();
    const user = await makeUser(db);
    const other = await makeUser(db);
    const [a, b, c] = [await open(user.id, 'a'), await open(user.id, 'b'), await open(user.id, 'c')];
    const foreign = await open(other.id, 'd');
    expect(await revokeSession(db, a!.id, 'logout', T0)).toBe(true);
    expect(await revokeSession(db, a!.id, 'logout', T0)).toBe(false);
    expect(await revokeUserSessions(db, user.id, 'logout-all', T0, c!.id)).toBe(1);
    expect(await findSessionById(db, b!.id)).toMatchObject({ revokeReason: 'logout-all', revokedAt: T0 });
    expect((await findSessionById(db, c!.id))?.revokedAt).toBeNull();
    expect((await findSessionById(db, foreign.id))?.revokedAt).toBeNull();
  });

  it('lists active sessions, most recently used first', async () => {
    const { db } = database();
    const user = await makeUser(db);
    const older = await open(user.id, 'older', T0);
    const newer = await open(user.id, 'newer', minutesAfter(T0, 10));
    const ended = await open(user.id, 'ended', minutesAfter(T0, 20));
    await revokeSession(db, ended.id, 'revoked', minutesAfter(T0, 21));
    expect((await listActiveSessions(db, user.id, minutesAfter(T0, 30))).map((s) => s.id)).toEqual([
      newer.id,
      older.id,
    ]);
    expect(await listActiveSessions(db, user.id, minutesAfter(T0, 31 * DAY))).toEqual([]);
  });

  it('deletes ended sessions with their rotated hashes, and sessions go with their user', async () => {
    const { db } = database();
    const user = await makeUser(db);
    const ended = await open(user.id, 'ended');
    await rotateSessionToken(db, { sessionId: ended.id, currentHash: 'ended', nextHash: 'ended-2', now: T0 });
    await revokeSession(db, ended.id, 'logout', T0);
    const active = await open(user.id, 'active');
    expect(await deleteEndedSessions(db, minutesAfter(T0, 1))).toBe(1);
    expect(await findSessionByRotatedTokenHash(db, 'ended')).toBeNull();
    expect(await findSessionById(db, active.id)).not.toBeNull();
    await deleteUser(db, user.id);
    expect(await findSessionById(db, active.id)).toBeNull();
  });
});
