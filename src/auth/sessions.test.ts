import { describe, expect, it, vi } from 'vitest';
import { listAuditEvents } from '../db/repositories/audit-events.js';
import { findSessionById, listActiveSessions } from '../db/repositories/sessions.js';
import { findUserByEmail, findUserById, setUserDisabled } from '../db/repositories/users.js';
import { TEST_DATABASES, useTestDatabase } from '../db/test-support/databases.js';
import { createAccountService } from './accounts.js';
import { createAuthContext } from './auth-context.js';
import { createSessionService } from './sessions.js';
import { authFixture, TEST_ARGON2_PARAMETERS, testPasswordHasher } from './test-support/auth-fixture.js';

/** A password that passes the policy. */
const GOOD_PASSWORD = 'violet-harbour-tandem-91';

const FROM = {
  ip: '203.0.113.5',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
  device: 'Firefox on Linux',
};
const MINUTE = 60_000;

describe.each(TEST_DATABASES)('session service %s', (_name, target) => {
  const database = useTestDatabase(target);

  async function setup(options: Parameters<typeof authFixture>[1] = {}) {
    const fixture = authFixture(database().db, options);
    const sessions = createSessionService(fixture.context);
    const created = await fixture.accounts.createUser(
      { email: 'dev@example.com', password: GOOD_PASSWORD, name: 'Dev', role: 'developer', verified: true },
      null,
    );
    if (created.kind !== 'created') throw new Error(created.kind);
    // Later events get later timestamps, so the audit log's order is defined.
    fixture.clock.advance(MINUTE);
    return { ...fixture, sessions, user: created.user };
  }

  async function actions() {
    return (await listAuditEvents(database().db, { limit: 100 })).map((event) => event.action).reverse();
  }

  it('logs in with email in any case, returning an access token, a refresh token and the user', async () => {
    const { sessions, context, user } = await setup();
    const result = await sessions.login({ email: 'DEV@example.com', password: GOOD_PASSWORD }, FROM);
    if (result.kind !== 'ok') throw new Error(result.kind);
    expect(result.user).toMatchObject({ id: user.id, email: 'dev@example.com', role: 'developer', verified: true });
    expect(result.user).not.toHaveProperty('passwordHash');
    expect(result.tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(result.tokens.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const verified = await context.accessTokens.verify(result.tokens.accessToken);
    expect(verified).toMatchObject({
      ok: true,
      claims: { userId: user.id, role: 'developer', sessionId: result.tokens.sessionId },
    });
    expect(await findSessionById(database().db, result.tokens.sessionId)).toMatchObject({
      ip: FROM.ip,
      device: FROM.device,
      userAgent: FROM.userAgent,
    });
    expect((await actions()).at(-1)).toBe('auth.login');
  });

  it('answers a wrong password and an unknown email identically, verifying a dummy hash for the unknown one', async () => {
    const { sessions, context, clock } = await setup();
    const verify = vi.spyOn(context.passwords, 'verify');
    const verifyDummy = vi.spyOn(context.passwords, 'verifyDummy');
    const wrong = await sessions.login({ email: 'dev@example.com', password: 'not the password' }, FROM);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(verifyDummy).not.toHaveBeenCalled();
    clock.advance(1000);
    const unknown = await sessions.login({ email: 'nobody@example.com', password: 'not the password' }, FROM);
    expect(verifyDummy).toHaveBeenCalledWith('not the password');
    expect(verify).toHaveBeenCalledTimes(1);
    expect(unknown).toEqual(wrong);
    expect(wrong).toEqual({ kind: 'invalid-credentials' });
    const failures = await listAuditEvents(database().db, { action: 'auth.login.failed' });
    expect(failures.map((event) => event.details)).toEqual([{ reason: 'unknown-email' }, { reason: 'wrong-password' }]);
  });

  it('locks the account after 5 failures for 15 minutes, even for the right password, and audits it', async () => {
    // A different address for each attempt, so only the account lock applies.
    const { sessions, clock } = await setup();
    for (let i = 1; i <= 5; i += 1) {
      const result = await sessions.login(
        { email: 'dev@example.com', password: `wrong guess ${i}` },
        { ip: `198.51.100.${i}` },
      );
      expect(result.kind).toBe('invalid-credentials');
    }
    const locked = await sessions.login({ email: 'dev@example.com', password: GOOD_PASSWORD }, { ip: '198.51.100.99' });
    expect(locked).toEqual({ kind: 'locked', scope: 'account', retryAfterSeconds: 900 });
    clock.advance(14 * MINUTE);
    expect(
      await sessions.login({ email: 'dev@example.com', password: GOOD_PASSWORD }, { ip: '198.51.100.99' }),
    ).toEqual({
      kind: 'locked',
      scope: 'account',
      retryAfterSeconds: 60,
    });
    clock.advance(MINUTE);
    expect(
      (await sessions.login({ email: 'dev@example.com', password: GOOD_PASSWORD }, { ip: '198.51.100.99' })).kind,
    ).toBe('ok');
    expect(await actions()).toEqual(expect.arrayContaining(['auth.lockout', 'auth.login.blocked', 'auth.login']));
    const lockout = await listAuditEvents(database().db, { action: 'auth.lockout' });
    expect(lockout).toHaveLength(1);
    expect(lockout[0]?.details).toMatchObject({ scope: 'account' });
  });

  it('locks an unknown email after 5 failures too, so a lock does not reveal which emails exist', async () => {
    const { sessions } = await setup();
    for (let i = 1; i <= 5; i += 1) {
      await sessions.login({ email: 'ghost@example.com', password: `guess ${i}` }, { ip: `198.51.100.${i}` });
    }
    expect(await sessions.login({ email: 'ghost@example.com', password: 'guess 6' }, { ip: '198.51.100.77' })).toEqual({
      kind: 'locked',
      scope: 'account',
      retryAfterSeconds: 900,
    });
  });

  it('locks a client address after 5 failures across accounts, leaving other addresses alone', async () => {
    const { sessions, clock } = await setup();
    for (let i = 1; i <= 5; i += 1) {
      await sessions.login({ email: `target${i}@example.com`, password: 'spray password 1' }, { ip: '192.0.2.66' });
    }
    expect(await sessions.login({ email: 'dev@example.com', password: GOOD_PASSWORD }, { ip: '192.0.2.66' })).toEqual({
      kind: 'locked',
      scope: 'address',
      retryAfterSeconds: 900,
    });
    expect(
      (await sessions.login({ email: 'dev@example.com', password: GOOD_PASSWORD }, { ip: '192.0.2.67' })).kind,
    ).toBe('ok');
    clock.advance(15 * MINUTE);
    expect(
      (await sessions.login({ email: 'dev@example.com', password: GOOD_PASSWORD }, { ip: '192.0.2.66' })).kind,
    ).toBe('ok');
  });

  it('takes a configured lockout policy', async () => {
    const { sessions } = await setup({ lockout: { maxFailures: 2, lockDurationMs: 5 * MINUTE, windowMs: 5 * MINUTE } });
    await sessions.login({ email: 'dev@example.com', password: 'wrong one' });
    await sessions.login({ email: 'dev@example.com', password: 'wrong two' });
    expect(await sessions.login({ email: 'dev@example.com', password: GOOD_PASSWORD })).toEqual({
      kind: 'locked',
      scope: 'account',
      retryAfterSeconds: 300,
    });
  });

  it('refuses an unverified account until its email is verified (right password only)', async () => {
    const { sessions, accounts } = await setup();
    const created = await accounts.register({ email: 'new@example.com', password: GOOD_PASSWORD, name: 'New' });
    if (created.kind !== 'created' || !created.verification) throw new Error('not created');
    expect(await sessions.login({ email: 'new@example.com', password: GOOD_PASSWORD })).toEqual({
      kind: 'email-not-verified',
    });
    expect((await sessions.login({ email: 'new@example.com', password: 'wrong password!' })).kind).toBe(
      'invalid-credentials',
    );
    await accounts.verifyEmail(created.verification.token);
    expect((await sessions.login({ email: 'new@example.com', password: GOOD_PASSWORD })).kind).toBe('ok');
  });

  it('refuses a disabled account only for the right password; a wrong one is an ordinary failure', async () => {
    const { sessions, user, clock } = await setup();
    await setUserDisabled(database().db, user.id, true, clock.now());
    clock.advance(MINUTE);
    expect(await sessions.login({ email: 'dev@example.com', password: GOOD_PASSWORD }, FROM)).toEqual({
      kind: 'account-disabled',
    });
    clock.advance(1000);
    expect(await sessions.login({ email: 'dev@example.com', password: 'not the password' }, FROM)).toEqual({
      kind: 'invalid-credentials',
    });
    expect(await listActiveSessions(database().db, user.id, clock.now())).toEqual([]);
    expect(await findUserById(database().db, user.id)).toMatchObject({ lastLoginAt: null, failedLogins: 1 });
    expect((await actions()).slice(-2)).toEqual(['auth.login.disabled', 'auth.login.failed']);
    await setUserDisabled(database().db, user.id, false, clock.now());
    expect((await sessions.login({ email: 'dev@example.com', password: GOOD_PASSWORD }, FROM)).kind).toBe('ok');
  });

  it('gives no new pair for a session of a disabled account, and ends that session', async () => {
    const { sessions, user, clock } = await setup();
    const login = await sessions.login({ email: 'dev@example.com', password: GOOD_PASSWORD }, FROM);
    if (login.kind !== 'ok') throw new Error(login.kind);
    // Disabled without its sessions ended (the administration service ends them in the same
    // transaction): the refresh itself must still refuse.
    await setUserDisabled(database().db, user.id, true, clock.now());
    expect(await sessions.refresh({ refreshToken: login.tokens.refreshToken })).toEqual({
      kind: 'invalid',
      reason: 'revoked',
    });
    expect(await findSessionById(database().db, login.tokens.sessionId)).toMatchObject({
      revokeReason: 'account-disabled',
    });
  });

  it('rehashes the password at login when the hashing parameters changed', async () => {
    const { user, context } = await setup();
    const stronger = testPasswordHasher({ ...TEST_ARGON2_PARAMETERS, timeCost: 2 });
    const upgraded = createSessionService(createAuthContext({ ...context, passwords: stronger }));
    const before = (await findUserById(database().db, user.id))!.passwordHash;
    expect(stronger.needsRehash(before)).toBe(true);
    expect((await upgraded.login({ email: 'dev@example.com', password: GOOD_PASSWORD })).kind).toBe('ok');
    const after = (await findUserById(database().db, user.id))!;
    expect(after.passwordHash).toContain('t=2');
    expect(after.passwordChangedAt).toEqual(
      (await findUserByEmail(database().db, 'dev@example.com'))!.passwordChangedAt,
    );
    expect((await upgraded.login({ email: 'dev@example.com', password: GOOD_PASSWORD })).kind).toBe('ok');
  });

  it('rotates the refresh token on every use', async () => {
    const { sessions, clock } = await setup();
    const login = await sessions.login({ email: 'dev@example.com', password: GOOD_PASSWORD }, FROM);
    if (login.kind !== 'ok') throw new Error(login.kind);
    clock.advance(MINUTE);
    const first = await sessions.refresh({ refreshToken: login.tokens.refreshToken }, { ip: '203.0.113.99' });
    if (first.kind !== 'ok') throw new Error(first.kind);
    expect(first.tokens.refreshToken).not.toBe(login.tokens.refreshToken);
    expect(first.tokens.sessionId).toBe(login.tokens.sessionId);
    expect(first.tokens.accessToken).not.toBe(login.tokens.accessToken);
    const second = await sessions.refresh({ refreshToken: first.tokens.refreshToken });
    expect(second.kind).toBe('ok');
    expect(await findSessionById(database().db, login.tokens.sessionId)).toMatchObject({ ip: '203.0.113.99' });
  });

  it('revokes the whole family when a rotated refresh token is used again, and audits the reuse', async () => {
    const { sessions, user } = await setup();
    const login = await sessions.login({ email: 'dev@example.com', password: GOOD_PASSWORD }, FROM);
    if (login.kind !== 'ok') throw new Error(login.kind);
    const stolen = login.tokens.refreshToken;
    const legit = await sessions.refresh({ refreshToken: stolen });
    if (legit.kind !== 'ok') throw new Error(legit.kind);
    expect(await sessions.refresh({ refreshToken: stolen }, { ip: '192.0.2.250' })).toEqual({
      kind: 'reused',
      sessionId: login.tokens.sessionId,
      userId: user.id,
    });
    // The newest token of the family stops working too.
    expect(await sessions.refresh({ refreshToken: legit.tokens.refreshToken })).toEqual({
      kind: 'invalid',
      reason: 'revoked',
    });
    expect(await findSessionById(database().db, login.tokens.sessionId)).toMatchObject({
      revokeReason: 'refresh-token-reuse',
    });
    const [reuse] = await listAuditEvents(database().db, { action: 'auth.refresh.reuse' });
    expect(reuse).toMatchObject({
      actorUserId: user.id,
      ip: '192.0.2.250',
      targetId: login.tokens.sessionId,
      details: { familyRevoked: true },
    });
  });

  it('treats two concurrent refreshes with one token as reuse', async () => {
    const { sessions } = await setup();
    const login = await sessions.login({ email: 'dev@example.com', password: GOOD_PASSWORD }, FROM);
    if (login.kind !== 'ok') throw new Error(login.kind);
    const results = await Promise.all([1, 2].map(() => sessions.refresh({ refreshToken: login.tokens.refreshToken })));
    expect(results.map((result) => result.kind).sort()).toEqual(['ok', 'reused']);
  });

  it('refuses unknown and expired refresh tokens', async () => {
    const { sessions, clock } = await setup();
    expect(await sessions.refresh({ refreshToken: 'made-up' })).toEqual({ kind: 'invalid', reason: 'unknown' });
    const login = await sessions.login({ email: 'dev@example.com', password: GOOD_PASSWORD }, FROM);
    if (login.kind !== 'ok') throw new Error(login.kind);
    clock.advance(30 * 24 * 60 * MINUTE);
    expect(await sessions.refresh({ refreshToken: login.tokens.refreshToken })).toEqual({
      kind: 'invalid',
      reason: 'expired',
    });
  });

  it('logs out one session by id or by refresh token, and all the others', async () => {
    const { sessions, user, clock } = await setup();
    const logins = [];
    for (let i = 0; i < 4; i += 1) {
      clock.advance(1000);
      const login = await sessions.login({ email: 'dev@example.com', password: GOOD_PASSWORD }, FROM);
      if (login.kind !== 'ok') throw new Error(login.kind);
      logins.push(login.tokens);
    }
    const [a, b, c, d] = logins as [(typeof logins)[0], (typeof logins)[0], (typeof logins)[0], (typeof logins)[0]];
    expect(await sessions.logout({ userId: user.id, sessionId: a.sessionId })).toBe(true);
    expect(await sessions.logout({ userId: user.id, sessionId: a.sessionId })).toBe(false);
    expect(await sessions.logout({ refreshToken: b.refreshToken })).toBe(true);
    expect((await sessions.refresh({ refreshToken: b.refreshToken })).kind).toBe('invalid');
    expect((await sessions.listSessions(user.id, d.sessionId)).map((s) => [s.id, s.current])).toEqual([
      [d.sessionId, true],
      [c.sessionId, false],
    ]);
    expect(await sessions.logoutAll({ userId: user.id, exceptSessionId: d.sessionId })).toBe(1);
    expect((await sessions.listSessions(user.id)).map((s) => s.id)).toEqual([d.sessionId]);
    expect(await sessions.logoutAll({ userId: user.id })).toBe(1);
    expect(await sessions.listSessions(user.id)).toEqual([]);
    expect(await actions()).toEqual(expect.arrayContaining(['auth.logout', 'auth.logout.all']));
  });

  it("cannot revoke another user's session", async () => {
    const { sessions, accounts } = await setup();
    const other = await accounts.createUser(
      { email: 'other@example.com', password: GOOD_PASSWORD, name: 'Other', role: 'viewer', verified: true },
      null,
    );
    if (other.kind !== 'created') throw new Error(other.kind);
    const login = await sessions.login({ email: 'dev@example.com', password: GOOD_PASSWORD }, FROM);
    if (login.kind !== 'ok') throw new Error(login.kind);
    expect(await sessions.revokeSession({ userId: other.user.id, sessionId: login.tokens.sessionId })).toBe(false);
    expect(await sessions.revokeSession({ userId: login.user.id, sessionId: 'not-a-uuid' })).toBe(false);
    expect(await sessions.revokeSession({ userId: login.user.id, sessionId: login.tokens.sessionId })).toBe(true);
    expect((await findSessionById(database().db, login.tokens.sessionId))?.revokeReason).toBe('revoked');
  });

  it('treats SQL injection strings as ordinary wrong credentials', async () => {
    const { sessions } = await setup();
    for (const email of ["' OR '1'='1' --", "dev@example.com'; DROP TABLE users; --", "admin'/*"]) {
      expect(await sessions.login({ email, password: "' OR '1'='1" })).toEqual({ kind: 'invalid-credentials' });
    }
    expect(await findUserByEmail(database().db, 'dev@example.com')).not.toBeNull();
  });
});

describe('session service wiring', () => {
  it('builds from a context with in-memory address lockout by default', () => {
    const context = createAuthContext({
      db: {} as never,
      passwords: testPasswordHasher(),
      accessTokens: {} as never,
    });
    expect(context.lockout).toEqual({ maxFailures: 5, lockDurationMs: 900_000, windowMs: 900_000 });
    expect(context.requireVerifiedEmail).toBe(true);
    expect(context.defaultRole).toBe('viewer');
    expect(typeof createAccountService(context).register).toBe('function');
  });
});
