import { describe, expect, it } from 'vitest';
import { listAuditEvents } from '../db/repositories/audit-events.js';
import { findSessionById } from '../db/repositories/sessions.js';
import { findUserById, recordLoginFailure, setUserDisabled } from '../db/repositories/users.js';
import { TEST_DATABASES, useTestDatabase } from '../db/test-support/databases.js';
import { createSessionService } from './sessions.js';
import { authFixture } from './test-support/auth-fixture.js';

/** A password that passes the policy. */
const GOOD_PASSWORD = 'violet-harbour-tandem-91';

const NEW_PASSWORD = 'copper-lantern-meadow-47';
const HOUR = 60 * 60_000;

describe.each(TEST_DATABASES)('account service %s', (_name, target) => {
  const database = useTestDatabase(target);

  function setup() {
    const fixture = authFixture(database().db);
    return { ...fixture, sessions: createSessionService(fixture.context) };
  }

  async function registered(fixture: ReturnType<typeof setup>, email = 'new@example.com') {
    const result = await fixture.accounts.register({ email, password: GOOD_PASSWORD, name: '  New Person ' });
    if (result.kind !== 'created' || !result.verification) throw new Error(result.kind);
    return { user: result.user, verification: result.verification };
  }

  async function loggedIn(fixture: ReturnType<typeof setup>, password = GOOD_PASSWORD) {
    const result = await fixture.sessions.login({ email: 'new@example.com', password });
    if (result.kind !== 'ok') throw new Error(result.kind);
    return result.tokens;
  }

  it('registers an unverified viewer with a verification link valid for 24 hours, and audits it', async () => {
    const fixture = setup();
    const { user, verification } = await registered(fixture);
    expect(user).toMatchObject({ email: 'new@example.com', name: 'New Person', role: 'viewer', verified: false });
    expect(verification.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verification.expiresAt.getTime() - fixture.clock.now().getTime()).toBe(24 * HOUR);
    expect(await listAuditEvents(database().db)).toMatchObject([{ action: 'auth.register', actorUserId: user.id }]);
  });

  it('verifies the email with the link once, and not after it expired', async () => {
    const fixture = setup();
    const { verification } = await registered(fixture);
    expect(await fixture.accounts.verifyEmail(verification.token)).toMatchObject({
      kind: 'verified',
      user: { verified: true },
    });
    expect(await fixture.accounts.verifyEmail(verification.token)).toEqual({ kind: 'invalid-token' });
    const late = await registered(fixture, 'late@example.com');
    fixture.clock.advance(24 * HOUR);
    expect(await fixture.accounts.verifyEmail(late.verification.token)).toEqual({ kind: 'invalid-token' });
    expect(await fixture.accounts.verifyEmail('')).toEqual({ kind: 'invalid-token' });
  });

  it('sends a fresh verification link that replaces the old one, and none once verified', async () => {
    const fixture = setup();
    const { user, verification } = await registered(fixture);
    const fresh = await fixture.accounts.issueEmailVerification(user.id);
    expect(await fixture.accounts.verifyEmail(verification.token)).toEqual({ kind: 'invalid-token' });
    expect((await fixture.accounts.verifyEmail(fresh!.token)).kind).toBe('verified');
    expect(await fixture.accounts.issueEmailVerification(user.id)).toBeNull();
  });

  it('refuses a taken email (in any case), weak passwords and malformed input', async () => {
    const fixture = setup();
    await registered(fixture);
    const attempt = (email: string, password: string, name = 'Name') =>
      fixture.accounts.register({ email, password, name });
    expect(await attempt('NEW@example.com', GOOD_PASSWORD)).toEqual({ kind: 'email-taken' });
    expect(await attempt('other@example.com', 'short')).toEqual({ kind: 'password-rejected', problem: 'too-short' });
    expect(await attempt('other@example.com', 'qwerty123456')).toEqual({
      kind: 'password-rejected',
      problem: 'common',
    });
    expect(await attempt('no-at-sign', GOOD_PASSWORD)).toEqual({ kind: 'invalid-input', field: 'email' });
    expect(await attempt('a b@example.com', GOOD_PASSWORD)).toEqual({ kind: 'invalid-input', field: 'email' });
    expect(await attempt('other@example.com', GOOD_PASSWORD, '   ')).toEqual({ kind: 'invalid-input', field: 'name' });
  });

  it('stores SQL-looking names and emails as plain text', async () => {
    const fixture = setup();
    const result = await fixture.accounts.register({
      email: "o'neil+test@example.com",
      password: GOOD_PASSWORD,
      name: "Robert'); DROP TABLE users;--",
    });
    expect(result).toMatchObject({ kind: 'created', user: { name: "Robert'); DROP TABLE users;--" } });
  });

  it('lets an administrator or the CLI create verified users of any role', async () => {
    const fixture = setup();
    const admin = await fixture.accounts.createUser(
      { email: 'root@example.com', password: GOOD_PASSWORD, name: 'Root', role: 'admin', verified: true },
      null,
    );
    expect(admin).toMatchObject({ kind: 'created', user: { role: 'admin', verified: true }, verification: null });
    if (admin.kind !== 'created') throw new Error(admin.kind);
    const dev = await fixture.accounts.createUser(
      { email: 'dev@example.com', password: GOOD_PASSWORD, name: 'Dev', role: 'developer', verified: false },
      admin.user.id,
    );
    expect(dev).toMatchObject({ kind: 'created', user: { role: 'developer', verified: false } });
    if (dev.kind !== 'created') throw new Error(dev.kind);
    const created = async (userId: string) =>
      (await listAuditEvents(database().db, { action: 'auth.user.create', targetType: 'user', targetId: userId }))[0];
    expect(await created(admin.user.id)).toMatchObject({
      actorUserId: null,
      actor: 'system',
      details: { role: 'admin' },
    });
    expect(await created(dev.user.id)).toMatchObject({
      actorUserId: admin.user.id,
      details: { role: 'developer', verified: false },
    });
  });

  it('changes the password after checking the current one, ending every other session', async () => {
    const fixture = setup();
    const { user, verification } = await registered(fixture);
    await fixture.accounts.verifyEmail(verification.token);
    const here = await loggedIn(fixture);
    const elsewhere = await loggedIn(fixture);
    const change = (currentPassword: string, newPassword: string) =>
      fixture.accounts.changePassword({ userId: user.id, sessionId: here.sessionId, currentPassword, newPassword });
    expect(await change('wrong current password', NEW_PASSWORD)).toEqual({ kind: 'invalid-credentials' });
    expect(await change(GOOD_PASSWORD, 'new@example.com')).toEqual({
      kind: 'password-rejected',
      problem: 'same-as-email',
    });
    expect(await change(GOOD_PASSWORD, NEW_PASSWORD)).toEqual({ kind: 'changed', sessionsEnded: 1 });
    expect((await findSessionById(database().db, elsewhere.sessionId))?.revokeReason).toBe('password-changed');
    expect((await findSessionById(database().db, here.sessionId))?.revokedAt).toBeNull();
    expect((await fixture.sessions.login({ email: 'new@example.com', password: GOOD_PASSWORD })).kind).toBe(
      'invalid-credentials',
    );
    expect((await fixture.sessions.login({ email: 'new@example.com', password: NEW_PASSWORD })).kind).toBe('ok');
  });

  it('resets a forgotten password with a one-hour, single-use link', async () => {
    const fixture = setup();
    const { user } = await registered(fixture);
    expect(await fixture.accounts.requestPasswordReset({ email: 'nobody@example.com' })).toEqual({
      kind: 'unknown-email',
    });
    const request = await fixture.accounts.requestPasswordReset({ email: 'NEW@example.com' });
    if (request.kind !== 'reset-requested') throw new Error(request.kind);
    expect(request.reset.expiresAt.getTime() - fixture.clock.now().getTime()).toBe(HOUR);
    // A rejected password leaves the link usable.
    expect(await fixture.accounts.resetPassword({ token: request.reset.token, newPassword: 'password' })).toEqual({
      kind: 'password-rejected',
      problem: 'too-short',
    });
    const done = await fixture.accounts.resetPassword({ token: request.reset.token, newPassword: NEW_PASSWORD });
    expect(done).toMatchObject({ kind: 'reset', user: { id: user.id, verified: true } });
    expect(await fixture.accounts.resetPassword({ token: request.reset.token, newPassword: NEW_PASSWORD })).toEqual({
      kind: 'invalid-token',
    });
    expect((await fixture.sessions.login({ email: 'new@example.com', password: NEW_PASSWORD })).kind).toBe('ok');
  });

  it('resets the password of a disabled account without enabling it or signing it in', async () => {
    const fixture = setup();
    const { user, verification } = await registered(fixture);
    await fixture.accounts.verifyEmail(verification.token);
    await setUserDisabled(database().db, user.id, true, fixture.clock.now());
    const request = await fixture.accounts.requestPasswordReset({ email: 'new@example.com' });
    if (request.kind !== 'reset-requested') throw new Error(request.kind);
    const done = await fixture.accounts.resetPassword({ token: request.reset.token, newPassword: NEW_PASSWORD });
    expect(done).toEqual({ kind: 'reset', user: expect.objectContaining({ id: user.id }), sessionsEnded: 0 });
    expect((await findUserById(database().db, user.id))?.disabledAt).toEqual(fixture.clock.now());
    expect(await fixture.sessions.login({ email: 'new@example.com', password: NEW_PASSWORD })).toEqual({
      kind: 'account-disabled',
    });
  });

  it('ends every session and lifts a lockout on reset; an expired or superseded link does nothing', async () => {
    const fixture = setup();
    const { user, verification } = await registered(fixture);
    await fixture.accounts.verifyEmail(verification.token);
    const session = await loggedIn(fixture);
    const policy = fixture.context.lockout;
    for (let i = 0; i < policy.maxFailures; i += 1)
      await recordLoginFailure(database().db, user.id, policy, fixture.clock.now());
    expect((await findUserById(database().db, user.id))?.lockedUntil).not.toBeNull();

    const old = await fixture.accounts.requestPasswordReset({ email: 'new@example.com' });
    const current = await fixture.accounts.requestPasswordReset({ email: 'new@example.com' });
    if (old.kind !== 'reset-requested' || current.kind !== 'reset-requested') throw new Error('no reset');
    expect(await fixture.accounts.resetPassword({ token: old.reset.token, newPassword: NEW_PASSWORD })).toEqual({
      kind: 'invalid-token',
    });
    expect(
      await fixture.accounts.resetPassword({ token: current.reset.token, newPassword: NEW_PASSWORD }),
    ).toMatchObject({
      kind: 'reset',
      sessionsEnded: 1,
    });
    expect((await findSessionById(database().db, session.sessionId))?.revokeReason).toBe('password-reset');
    expect((await findUserById(database().db, user.id))?.lockedUntil).toBeNull();

    const late = await fixture.accounts.requestPasswordReset({ email: 'new@example.com' });
    if (late.kind !== 'reset-requested') throw new Error(late.kind);
    fixture.clock.advance(HOUR);
    expect(
      await fixture.accounts.resetPassword({ token: late.reset.token, newPassword: 'fern-glacier-comet-63' }),
    ).toEqual({
      kind: 'invalid-token',
    });
  });
});
