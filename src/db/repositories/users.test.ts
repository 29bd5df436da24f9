import { describe, expect, it } from 'vitest';
import { TEST_DATABASES, useTestDatabase } from '../test-support/databases.js';
import { makeUser, minutesAfter, T0 } from '../test-support/fixtures.js';
import {
  clearLoginFailures,
  countActiveUsers,
  countUsers,
  deleteUser,
  findUserByEmail,
  findUserById,
  insertUser,
  listUsers,
  markEmailVerified,
  recordLoginFailure,
  recordLoginSuccess,
  setPasswordHash,
  setUserDisabled,
  updateUser,
} from './users.js';

const POLICY = { maxFailures: 3, lockDurationMs: 15 * 60_000, windowMs: 10 * 60_000 };

describe.each(TEST_DATABASES)('users repository %s', (_name, target) => {
  const database = useTestDatabase(target);

  it('inserts a user with defaults and finds it by id and by email in any case', async () => {
    const { db } = database();
    const user = await insertUser(db, { email: 'Ada.Lovelace@Example.com', name: 'Ada', passwordHash: 'h', now: T0 });
    expect(user).toMatchObject({
      email: 'Ada.Lovelace@Example.com',
      role: 'viewer',
      failedLogins: 0,
      verifiedAt: null,
      lockedUntil: null,
      createdAt: T0,
      passwordChangedAt: T0,
    });
    expect((await findUserByEmail(db, 'ada.lovelace@example.COM'))?.id).toBe(user?.id);
    expect((await findUserById(db, user!.id))?.email).toBe('Ada.Lovelace@Example.com');
  });

  it('refuses a second account for the same email in another case', async () => {
    const { db } = database();
    await makeUser(db, { email: 'grace@example.com' });
    expect(await insertUser(db, { email: 'GRACE@example.com', name: 'G', passwordHash: 'h', now: T0 })).toBeNull();
    expect(await countUsers(db)).toBe(1);
  });

  it('treats SQL in lookups as plain data, and non-UUID ids as not found', async () => {
    const { db } = database();
    await makeUser(db, { email: 'victim@example.com' });
    expect(await findUserByEmail(db, "' OR '1'='1")).toBeNull();
    expect(await findUserByEmail(db, "victim@example.com' --")).toBeNull();
    expect(await findUserById(db, "1' OR '1'='1")).toBeNull();
    expect(await deleteUser(db, 'not-a-uuid')).toBe(false);
    const odd = await makeUser(db, { email: "o'brien+x@example.com", name: "Robert'); DROP TABLE users;--" });
    expect((await findUserByEmail(db, "O'Brien+x@example.com"))?.name).toBe("Robert'); DROP TABLE users;--");
    expect(await countUsers(db)).toBe(2);
    expect(odd.email).toBe("o'brien+x@example.com");
  });

  it('lists in creation order with paging, counts by role, updates name and role', async () => {
    const { db } = database();
    const a = await makeUser(db, { now: T0 });
    const b = await makeUser(db, { now: minutesAfter(T0, 1), role: 'admin' });
    const c = await makeUser(db, { now: minutesAfter(T0, 2) });
    expect((await listUsers(db)).map((user) => user.id)).toEqual([a.id, b.id, c.id]);
    expect((await listUsers(db, { limit: 1, offset: 1 })).map((user) => user.id)).toEqual([b.id]);
    expect(await countUsers(db, 'admin')).toBe(1);
    const updated = await updateUser(db, c.id, { role: 'maintainer', name: 'Carol' }, minutesAfter(T0, 5));
    expect(updated).toMatchObject({ role: 'maintainer', name: 'Carol', updatedAt: minutesAfter(T0, 5) });
    expect(await updateUser(db, '00000000-0000-4000-8000-000000000000', { name: 'x' }, T0)).toBeNull();
  });

  it('disables an account keeping the first time, enables it again, and counts only active users of a role', async () => {
    const { db } = database();
    const admin = await makeUser(db, { role: 'admin' });
    const other = await makeUser(db, { role: 'admin' });
    expect(admin.disabledAt).toBeNull();
    expect(await countActiveUsers(db, 'admin')).toBe(2);
    const disabled = await setUserDisabled(db, other.id, true, minutesAfter(T0, 1));
    expect(disabled).toMatchObject({ disabledAt: minutesAfter(T0, 1), updatedAt: minutesAfter(T0, 1) });
    expect((await setUserDisabled(db, other.id, true, minutesAfter(T0, 5)))?.disabledAt).toEqual(minutesAfter(T0, 1));
    expect(await countActiveUsers(db, 'admin')).toBe(1);
    expect(await countUsers(db, 'admin')).toBe(2);
    expect((await setUserDisabled(db, other.id, false, minutesAfter(T0, 6)))?.disabledAt).toBeNull();
    expect(await countActiveUsers(db, 'admin')).toBe(2);
    expect(await setUserDisabled(db, '00000000-0000-4000-8000-000000000000', true, T0)).toBeNull();
    expect(await setUserDisabled(db, 'not-a-uuid', true, T0)).toBeNull();
  });

  it('stores a new hash, moving password_changed_at only for a real change', async () => {
    const { db } = database();
    const user = await makeUser(db);
    await setPasswordHash(db, user.id, 'rehashed', { now: minutesAfter(T0, 1), passwordChanged: false });
    expect(await findUserById(db, user.id)).toMatchObject({ passwordHash: 'rehashed', passwordChangedAt: T0 });
    await setPasswordHash(db, user.id, 'new', { now: minutesAfter(T0, 2), passwordChanged: true });
    expect((await findUserById(db, user.id))?.passwordChangedAt).toEqual(minutesAfter(T0, 2));
  });

  it('marks the email verified once, keeping the first time', async () => {
    const { db } = database();
    const user = await makeUser(db, { verified: false });
    expect((await markEmailVerified(db, user.id, minutesAfter(T0, 1)))?.verifiedAt).toEqual(minutesAfter(T0, 1));
    expect((await markEmailVerified(db, user.id, minutesAfter(T0, 9)))?.verifiedAt).toEqual(minutesAfter(T0, 1));
  });

  it('locks the account when failures reach the limit within the window, and counts again afterwards', async () => {
    const { db } = database();
    const user = await makeUser(db);
    expect(await recordLoginFailure(db, user.id, POLICY, T0)).toEqual({ failedLogins: 1, lockedUntil: null });
    expect(await recordLoginFailure(db, user.id, POLICY, minutesAfter(T0, 1))).toEqual({
      failedLogins: 2,
      lockedUntil: null,
    });
    const third = await recordLoginFailure(db, user.id, POLICY, minutesAfter(T0, 2));
    expect(third).toEqual({ failedLogins: 3, lockedUntil: minutesAfter(T0, 17) });
    expect(await findUserById(db, user.id)).toMatchObject({ lockedUntil: minutesAfter(T0, 17), failedLogins: 0 });
    expect((await recordLoginFailure(db, user.id, POLICY, minutesAfter(T0, 20))).failedLogins).toBe(1);
  });

  it('forgets failures older than the window', async () => {
    const { db } = database();
    const user = await makeUser(db);
    await recordLoginFailure(db, user.id, POLICY, T0);
    await recordLoginFailure(db, user.id, POLICY, minutesAfter(T0, 1));
    expect((await recordLoginFailure(db, user.id, POLICY, minutesAfter(T0, 12))).failedLogins).toBe(1);
  });

  it('counts concurrent failures one by one', async () => {
    const { db } = database();
    const user = await makeUser(db);
    const policy = { ...POLICY, maxFailures: 100 };
    await Promise.all(Array.from({ length: 8 }, () => recordLoginFailure(db, user.id, policy, T0)));
    expect((await findUserById(db, user.id))?.failedLogins).toBe(8);
  });

  it('clears failures and locks on success or when asked', async () => {
    const { db } = database();
    const user = await makeUser(db);
    for (let i = 0; i < 3; i += 1) await recordLoginFailure(db, user.id, POLICY, T0);
    await clearLoginFailures(db, user.id);
    expect(await findUserById(db, user.id)).toMatchObject({ lockedUntil: null, failedLogins: 0 });
    await recordLoginFailure(db, user.id, POLICY, T0);
    await recordLoginSuccess(db, user.id, minutesAfter(T0, 1));
    expect(await findUserById(db, user.id)).toMatchObject({
      failedLogins: 0,
      lastFailedLoginAt: null,
      lastLoginAt: minutesAfter(T0, 1),
    });
  });

  it('deletes a user', async () => {
    const { db } = database();
    const user = await makeUser(db);
    expect(await deleteUser(db, user.id)).toBe(true);
    expect(await deleteUser(db, user.id)).toBe(false);
    expect(await findUserById(db, user.id)).toBeNull();
  });
});
