import { describe, expect, it } from 'vitest';
import { builtinRoleCatalog } from '../../auth/rbac.js';
import { listAuditEvents } from '../../db/repositories/audit-events.js';
import { findSessionById, insertSession } from '../../db/repositories/sessions.js';
import { findUserById } from '../../db/repositories/users.js';
import { TEST_DATABASES, useTestDatabase } from '../../db/test-support/databases.js';
import { makeUser, minutesAfter, T0 } from '../../db/test-support/fixtures.js';
import type { Actor } from './audit-trail.js';
import { createUserAdminService } from './users.js';

/**
 * The service guards its rules whoever calls it: the routes let only `users:admin` through, but a
 * role other than `admin` may hold that permission, so the last administrator can meet a caller
 * who is not one.
 */
describe.each(TEST_DATABASES)('user administration service %s', (_name, target) => {
  const database = useTestDatabase(target);

  function service() {
    const catalog = builtinRoleCatalog();
    return createUserAdminService({ db: database().db, catalog: () => catalog });
  }

  function actor(userId: string, at = T0): Actor {
    return { userId, at, meta: { ip: '192.0.2.10', requestId: 'req-1' } };
  }

  it('refuses to disable, demote or delete the last active administrator', async () => {
    const { db } = database();
    const admin = await makeUser(db, { role: 'admin' });
    const caller = await makeUser(db, { role: 'maintainer' });
    const users = service();
    for (const attempt of [
      () => users.update(actor(caller.id), admin.id, { disabled: true }),
      () => users.update(actor(caller.id), admin.id, { role: 'viewer' }),
      () => users.remove(actor(caller.id), admin.id),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: 'ECTUS_CONFLICT', details: { reason: 'last-admin' } });
    }
    expect(await findUserById(db, admin.id)).toMatchObject({ role: 'admin', disabledAt: null });
  });

  it('ends the sessions with the disabling, audited; a rejected change writes nothing', async () => {
    const { db } = database();
    const admin = await makeUser(db, { role: 'admin' });
    const dev = await makeUser(db, { role: 'developer' });
    const session = await insertSession(db, {
      userId: dev.id,
      tokenHash: 'hash-of-dev-session',
      expiresAt: minutesAfter(T0, 60),
      now: T0,
    });
    const users = service();
    // An unknown role fails before anything is written.
    await expect(users.update(actor(admin.id), dev.id, { disabled: true, role: 'no-such-role' })).rejects.toMatchObject(
      { code: 'ECTUS_VALIDATION' },
    );
    expect((await findSessionById(db, session.id))?.revokedAt).toBeNull();
    const later = minutesAfter(T0, 2);
    const updated = await users.update(actor(admin.id, later), dev.id, { disabled: true });
    expect(updated.disabledAt).toEqual(later);
    expect(await findSessionById(db, session.id)).toMatchObject({ revokedAt: later, revokeReason: 'account-disabled' });
    expect(await listAuditEvents(db, { action: 'user.disabled' })).toMatchObject([
      { actorUserId: admin.id, ip: '192.0.2.10', requestId: 'req-1', at: later, details: { sessionsEnded: 1 } },
    ]);
  });

  it('answers not found for an unknown user, and refuses an acting account that no longer exists', async () => {
    const { db } = database();
    const admin = await makeUser(db, { role: 'admin' });
    const users = service();
    await expect(
      users.update(actor(admin.id), '00000000-0000-4000-8000-000000000000', { disabled: true }),
    ).rejects.toMatchObject({ code: 'ECTUS_NOT_FOUND' });
    await expect(
      users.update(actor('00000000-0000-4000-8000-000000000000'), admin.id, { name: 'x' }),
    ).rejects.toMatchObject({ code: 'ECTUS_TOKEN_INVALID' });
  });
});
