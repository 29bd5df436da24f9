import { describe, expect, it } from 'vitest';
import { createApiKey } from '../../../auth/api-keys.js';
import { listAuditEvents } from '../../../db/repositories/audit-events.js';
import { listActiveSessions } from '../../../db/repositories/sessions.js';
import { findUserById } from '../../../db/repositories/users.js';
import { TEST_DATABASES } from '../../../db/test-support/databases.js';
import { makeProject } from '../../../db/test-support/fixtures.js';
import { bearer, type SignedInUser, type TestApp, useTestApp } from '../../test-support/test-app.js';

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

describe.each(TEST_DATABASES)('disabling accounts %s', (_name, target) => {
  const t = useTestApp({ target });

  function patch(who: { headers: { authorization: string } }, userId: string, payload: Record<string, unknown>) {
    return t().app.inject({ method: 'PATCH', url: `/api/v1/users/${userId}`, headers: who.headers, payload });
  }

  function login(email: string, password: string) {
    return t().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  }

  function refresh(refreshToken: string) {
    return t().app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
  }

  function me(headers: { authorization: string }) {
    return t().app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
  }

  async function keyOf(app: TestApp, userId: string): Promise<string> {
    const created = await createApiKey(app.db, app.deps.roles.current(), {
      userId,
      name: 'ci',
      scopes: ['projects:read'],
      expiresAt: null,
      now: app.clock.now(),
    });
    if (created.kind !== 'created') throw new Error(created.kind);
    return created.key;
  }

  it('disables an account: its sessions end at once, logins, refreshes and API keys are refused', async () => {
    const admin = await t().signIn('admin');
    const dev = await t().signIn('developer');
    const second = await login(dev.email, dev.password);
    expect(second.statusCode).toBe(200);
    const key = await keyOf(t(), dev.user.id);
    expect((await me(bearer(key))).statusCode).toBe(200);
    t().clock.advance(1000);

    const disabled = await patch(admin, dev.user.id, { disabled: true });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({
      id: dev.user.id,
      disabled: true,
      disabledAt: t().clock.now().toISOString(),
    });
    expect(await listActiveSessions(t().db, dev.user.id, t().clock.now())).toEqual([]);

    for (const refreshToken of [dev.tokens.refreshToken, second.json().refreshToken]) {
      const refused = await refresh(refreshToken);
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.code).toBe('ECTUS_TOKEN_INVALID');
    }
    const rightPassword = await login(dev.email, dev.password);
    expect(rightPassword.statusCode).toBe(403);
    expect(rightPassword.json().error.code).toBe('ECTUS_ACCOUNT_DISABLED');
    expect(rightPassword.headers['set-cookie']).toBeUndefined();
    // A wrong password gets the answer any account would: nothing tells that this one is disabled.
    const wrongPassword = await login(dev.email, 'not the password at all');
    const unknownEmail = await login('nobody@example.com', 'not the password at all');
    expect([wrongPassword.statusCode, wrongPassword.json()]).toEqual([unknownEmail.statusCode, unknownEmail.json()]);
    expect(wrongPassword.json().error.code).toBe('ECTUS_INVALID_CREDENTIALS');
    const withKey = await me(bearer(key));
    expect(withKey.statusCode).toBe(401);
    expect(withKey.json().error.code).toBe('ECTUS_TOKEN_INVALID');

    const listed = await t().app.inject({ method: 'GET', url: `/api/v1/users/${dev.user.id}`, headers: admin.headers });
    expect(listed.json()).toMatchObject({ disabled: true, disabledAt: expect.any(String) });

    // Access tokens are checked without the database: one already issued works until it expires.
    expect((await me(dev.headers)).statusCode).toBe(200);
    t().clock.advance(dev.tokens.expiresIn * 1000);
    expect((await me(dev.headers)).statusCode).toBe(401);
    const [event] = await listAuditEvents(t().db, { action: 'user.disabled' });
    expect(event).toMatchObject({
      actor: admin.email,
      targetType: 'user',
      targetId: dev.user.id,
      details: { email: dev.email, role: 'developer', sessionsEnded: 2 },
    });
  });

  it('enables the account again: password and API keys work, ended sessions stay ended', async () => {
    const admin = await t().signIn('admin');
    const dev = await t().signIn('developer');
    const key = await keyOf(t(), dev.user.id);
    expect((await patch(admin, dev.user.id, { disabled: true })).statusCode).toBe(200);
    // Disabling twice changes nothing and records nothing more.
    const again = await patch(admin, dev.user.id, { disabled: true, name: 'Still Dev' });
    expect(again.json()).toMatchObject({ disabled: true, name: 'Still Dev' });
    t().clock.advance(1000);
    const enabled = await patch(admin, dev.user.id, { disabled: false });
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json()).toMatchObject({ disabled: false, disabledAt: null });
    expect((await login(dev.email, dev.password)).statusCode).toBe(200);
    expect((await me(bearer(key))).statusCode).toBe(200);
    expect((await refresh(dev.tokens.refreshToken)).statusCode).toBe(401);
    expect((await listAuditEvents(t().db, { action: 'user.*' })).map((event) => event.action)).toEqual([
      'user.enabled',
      'user.disabled',
    ]);
  });

  it('refuses to disable oneself and the last active administrator, and counts only active administrators', async () => {
    const admin = await t().signIn('admin');
    const self = await patch(admin, admin.user.id, { disabled: true });
    expect(self.statusCode).toBe(409);
    expect(self.json().error).toMatchObject({ code: 'ECTUS_CONFLICT', details: { reason: 'self' } });
    const other = await t().signIn('admin');
    expect((await patch(admin, other.user.id, { disabled: true })).statusCode).toBe(200);
    // The other administrator is disabled: this one is the last who can sign in.
    const demote = await patch(admin, admin.user.id, { role: 'developer' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error).toMatchObject({ code: 'ECTUS_CONFLICT', details: { reason: 'last-admin' } });
    // A disabled administrator is no administrator to keep: demoting or deleting them is fine.
    expect((await patch(admin, other.user.id, { role: 'viewer' })).statusCode).toBe(200);
    expect((await findUserById(t().db, admin.user.id))?.disabledAt).toBeNull();
  });

  it('refuses a disabled administrator whose access token still works', async () => {
    const admin = await t().signIn('admin');
    const other = await t().signIn('admin');
    const target = await t().createUser({ role: 'viewer' });
    expect((await patch(admin, other.user.id, { disabled: true })).statusCode).toBe(200);
    for (const [userId, payload] of [
      [other.user.id, { disabled: false }],
      [target.user.id, { disabled: true }],
      [target.user.id, { role: 'admin' }],
    ] as const) {
      const refused = await patch(other, userId, payload);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('ECTUS_ACCOUNT_DISABLED');
    }
    const deleting = await t().app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${target.user.id}`,
      headers: other.headers,
    });
    expect(deleting.statusCode).toBe(403);
    expect(await findUserById(t().db, target.user.id)).toMatchObject({ role: 'viewer', disabledAt: null });
  });

  it('serialises two administrators disabling each other: one wins, one administrator stays active', async () => {
    const first = await t().signIn('admin');
    const second = await t().signIn('admin');
    const answers = await Promise.all([
      patch(first, second.user.id, { disabled: true }),
      patch(second, first.user.id, { disabled: true }),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 403]);
    const states = await Promise.all([first, second].map((who) => findUserById(t().db, who.user.id)));
    expect(states.filter((user) => user?.disabledAt === null)).toHaveLength(1);
  });

  it('does not enable or sign in a disabled account through a password reset', async () => {
    const admin = await t().signIn('admin');
    const dev = await t().signIn('developer');
    expect((await patch(admin, dev.user.id, { disabled: true })).statusCode).toBe(200);
    const request = await t().deps.accounts.requestPasswordReset({ email: dev.email });
    if (request.kind !== 'reset-requested') throw new Error(request.kind);
    const newPassword = 'Copper-Lantern-Meadow-47';
    const reset = await t().app.inject({
      method: 'POST',
      url: '/api/v1/auth/reset-password',
      payload: { token: request.reset.token, newPassword },
    });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toEqual({ sessionsEnded: 0 });
    expect(await listActiveSessions(t().db, dev.user.id, t().clock.now())).toEqual([]);
    const signIn = await login(dev.email, newPassword);
    expect(signIn.statusCode).toBe(403);
    expect(signIn.json().error.code).toBe('ECTUS_ACCOUNT_DISABLED');
    expect((await findUserById(t().db, dev.user.id))?.disabledAt).not.toBeNull();
  });

  it('takes disabled only as a boolean', async () => {
    const admin = await t().signIn('admin');
    const dev = await t().createUser();
    for (const payload of [{ disabled: 'yes' }, { disabled: null }, {}]) {
      const refused = await patch(admin, dev.user.id, payload);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.code).toBe('ECTUS_VALIDATION');
    }
  });
});
