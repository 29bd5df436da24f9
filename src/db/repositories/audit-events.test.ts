import { describe, expect, it } from 'vitest';
import { TEST_DATABASES, useTestDatabase } from '../test-support/databases.js';
import { makeUser, minutesAfter, T0 } from '../test-support/fixtures.js';
import { listAuditEvents, recordAuditEvent } from './audit-events.js';
import { deleteUser } from './users.js';

describe.each(TEST_DATABASES)('audit events repository %s', (_name, target) => {
  const database = useTestDatabase(target);

  it('records who did what, to what, when and from where', async () => {
    const { db } = database();
    const user = await makeUser(db, { email: 'admin@example.com' });
    const event = await recordAuditEvent(db, {
      action: 'project.delete',
      at: T0,
      actorUserId: user.id,
      actor: user.email,
      targetType: 'project',
      targetId: '7d0c1c51-6c1a-4a55-9a2e-6c0a3b1f2e10',
      ip: '2001:db8::1',
      userAgent: 'curl/8.5.0',
      requestId: 'req-1',
      details: { name: 'Payments', members: 3 },
    });
    expect(event).toMatchObject({ at: T0, action: 'project.delete', ip: '2001:db8::1', details: { members: 3 } });
  });

  it('filters by actor, exact action, action prefix, target and time, newest first', async () => {
    const { db } = database();
    const alice = await makeUser(db);
    const bob = await makeUser(db);
    await recordAuditEvent(db, { action: 'auth.login', at: T0, actorUserId: alice.id });
    await recordAuditEvent(db, { action: 'auth.login.failed', at: minutesAfter(T0, 1), actorUserId: bob.id });
    await recordAuditEvent(db, {
      action: 'project.delete',
      at: minutesAfter(T0, 2),
      actorUserId: alice.id,
      targetType: 'project',
      targetId: 'p1',
    });
    await recordAuditEvent(db, { action: 'auth_login', at: minutesAfter(T0, 3) });
    const actions = async (query: Parameters<typeof listAuditEvents>[1]) =>
      (await listAuditEvents(db, query)).map((event) => event.action);
    expect(await actions({})).toEqual(['auth_login', 'project.delete', 'auth.login.failed', 'auth.login']);
    expect(await actions({ actorUserId: alice.id })).toEqual(['project.delete', 'auth.login']);
    expect(await actions({ action: 'auth.login' })).toEqual(['auth.login']);
    // `_` is not a wildcard in the prefix, so `auth_login` does not match `auth.`.
    expect(await actions({ action: 'auth.*' })).toEqual(['auth.login.failed', 'auth.login']);
    expect(await actions({ targetType: 'project', targetId: 'p1' })).toEqual(['project.delete']);
    expect(await actions({ since: minutesAfter(T0, 1), until: minutesAfter(T0, 3) })).toEqual([
      'project.delete',
      'auth.login.failed',
    ]);
  });

  it('pages with a keyset cursor without skipping events of the same instant', async () => {
    const { db } = database();
    for (let i = 0; i < 5; i += 1)
      await recordAuditEvent(db, { action: `a.${i}`, at: i < 3 ? T0 : minutesAfter(T0, 1) });
    const seen: string[] = [];
    let after: { at: Date; id: string } | undefined;
    for (;;) {
      const page = await listAuditEvents(db, { limit: 2, after });
      if (page.length === 0) break;
      seen.push(...page.map((event) => event.action));
      const last = page.at(-1)!;
      after = { at: last.at, id: last.id };
    }
    expect(seen.sort()).toEqual(['a.0', 'a.1', 'a.2', 'a.3', 'a.4']);
  });

  it("keeps events when their actor is deleted, with the actor's label", async () => {
    const { db } = database();
    const user = await makeUser(db, { email: 'leaver@example.com' });
    await recordAuditEvent(db, { action: 'auth.login', at: T0, actorUserId: user.id, actor: user.email });
    await deleteUser(db, user.id);
    expect(await listAuditEvents(db)).toMatchObject([{ actorUserId: null, actor: 'leaver@example.com' }]);
  });
});
