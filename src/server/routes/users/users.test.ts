import { describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../../db/repositories/audit-events.js';
import { findUserById } from '../../../db/repositories/users.js';
import { makeProject } from '../../../db/test-support/fixtures.js';
import { type SignedInUser, useTestApp } from '../../test-support/test-app.js';

describe('user administration routes', () => {
  const t = useTestApp();

  function call(who: SignedInUser, method: 'GET' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>) {
    return t().app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
  }

  it('lists and reads users without their password hashes', async () => {
    const admin = await t().signIn('admin');
    t().clock.advance(1000);
    const viewer = await t().createUser({ role: 'viewer' });
    t().clock.advance(1000);
    await t().createUser({ role: 'developer' });
    const page = await call(admin, 'GET', '/api/v1/users?limit=2');
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ items: [{ id: admin.user.id }, { id: viewer.user.id }], nextOffset: 2 });
    expect(page.body).not.toMatch(/argon2|passwordHash|failedLogins/);
    const one = await call(admin, 'GET', `/api/v1/users/${viewer.user.id}`);
    expect(one.json()).toMatchObject({ email: viewer.email, role: 'viewer', verified: true, lockedUntil: null });
    expect((await call(admin, 'GET', '/api/v1/users/0b5e5ef8-2a0b-4a53-9a55-3c3f2a7b1c11')).statusCode).toBe(404);
  });

  it('changes a role, audited with the old and new role', async () => {
    const admin = await t().signIn('admin');
    const target = await t().createUser({ role: 'viewer' });
    const changed = await call(admin, 'PATCH', `/api/v1/users/${target.user.id}`, { role: 'maintainer' });
    expect(changed.json()).toMatchObject({ id: target.user.id, role: 'maintainer' });
    const renamed = await call(admin, 'PATCH', `/api/v1/users/${target.user.id}`, { name: 'Renamed' });
    expect(renamed.json()).toMatchObject({ name: 'Renamed', role: 'maintainer' });
    const events = await listAuditEvents(t().db, { action: 'user.role.change' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: admin.email,
      targetType: 'user',
      targetId: target.user.id,
      details: { email: target.email, from: 'viewer', to: 'maintainer' },
    });
    const unknownRole = await call(admin, 'PATCH', `/api/v1/users/${target.user.id}`, { role: 'root' });
    expect(unknownRole.json().error).toMatchObject({ code: 'ECTUS_VALIDATION' });
  });

  it('never leaves the instance without an administrator', async () => {
    const admin = await t().signIn('admin');
    const demote = await call(admin, 'PATCH', `/api/v1/users/${admin.user.id}`, { role: 'viewer' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe('ECTUS_CONFLICT');
    expect((await call(admin, 'DELETE', `/api/v1/users/${admin.user.id}`)).statusCode).toBe(409);
    const second = await t().createUser({ role: 'admin' });
    expect((await call(admin, 'PATCH', `/api/v1/users/${second.user.id}`, { role: 'developer' })).statusCode).toBe(200);
    expect((await call(admin, 'PATCH', `/api/v1/users/${second.user.id}`, { role: 'admin' })).statusCode).toBe(200);
    expect((await call(admin, 'PATCH', `/api/v1/users/${admin.user.id}`, { role: 'viewer' })).statusCode).toBe(200);
  });

  it('deletes an account with its memberships; the audit keeps its email', async () => {
    const admin = await t().signIn('admin');
    const leaving = await t().signIn('developer');
    const project = await makeProject(t().db, null);
    await t().addMember(project.id, leaving.user.id, 'maintainer');
    const deleted = await call(admin, 'DELETE', `/api/v1/users/${leaving.user.id}`);
    expect(deleted.statusCode).toBe(204);
    expect(await findUserById(t().db, leaving.user.id)).toBeNull();
    expect((await call(admin, 'DELETE', `/api/v1/users/${leaving.user.id}`)).statusCode).toBe(404);
    const members = await call(admin, 'GET', `/api/v1/projects/${project.id}/members`);
    expect(members.json().items).toEqual([]);
    const [event] = await listAuditEvents(t().db, { action: 'user.delete' });
    expect(event).toMatchObject({ actor: admin.email, details: { email: leaving.email, role: 'developer' } });
  });
});
