import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../../db/repositories/audit-events.js';
import { TEST_DATABASES } from '../../../db/test-support/databases.js';
import { REFRESH_COOKIE } from '../../cookies.js';
import { linkIn, type SmtpTestServer, startSmtpTestServer } from '../../test-support/smtp-test-server.js';
import { bearer, strongPassword, TEST_PUBLIC_URL, type TestApp, useTestApp } from '../../test-support/test-app.js';

const AUTH = '/api/v1/auth';

function post(t: TestApp, path: string, payload?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: `${AUTH}${path}`, payload: payload as object, headers });
}

function cookieOf(response: { headers: Record<string, unknown> }): string {
  const header = response.headers['set-cookie'];
  const text = Array.isArray(header) ? header.join('\n') : String(header ?? '');
  return text;
}

function refreshCookieValue(response: { headers: Record<string, unknown> }): string {
  const match = new RegExp(`${REFRESH_COOKIE}=([^;]*)`).exec(cookieOf(response));
  return decodeURIComponent(match?.[1] ?? '');
}

describe.each(TEST_DATABASES)('auth routes %s', (_name, target) => {
  let smtp: SmtpTestServer;
  beforeAll(async () => {
    smtp = await startSmtpTestServer();
  });
  afterAll(async () => {
    await smtp?.close();
  });
  const t = useTestApp({ target }, () => ({ smtpUrl: smtp.url }));

  async function registerAndVerify(email: string, password: string) {
    const since = smtp.messages.length;
    const registered = await post(t(), '/register', { email, password, name: 'Ada Lovelace' });
    expect(registered.statusCode).toBe(202);
    const mail = await smtp.waitForMail(email, { since });
    const link = linkIn(mail, `${TEST_PUBLIC_URL}/api/v1/auth/verify-email?token=`);
    return { registered, mail, link };
  }

  async function login(email: string, password: string) {
    return post(t(), '/login', { email, password }, { 'user-agent': 'vitest' });
  }

  it('signs up, verifies the email through the emailed link, logs in and reads /me', async () => {
    const email = 'ada@example.com';
    const password = strongPassword();
    const { mail, link } = await registerAndVerify(email, password);
    expect(mail.raw).toContain('Subject: Confirm your email address for Ectus');

    const beforeVerify = await login(email, password);
    expect(beforeVerify.statusCode).toBe(403);
    expect(beforeVerify.json().error.code).toBe('ECTUS_EMAIL_NOT_VERIFIED');

    const verified = await t().app.inject({ method: 'GET', url: `${link.pathname}${link.search}` });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().user).toMatchObject({ email, name: 'Ada Lovelace', role: 'viewer', verified: true });
    const again = await t().app.inject({ method: 'GET', url: `${link.pathname}${link.search}` });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('ECTUS_LINK_INVALID');

    const response = await login(email, password);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual(
      ['accessToken', 'expiresIn', 'refreshToken', 'refreshTokenExpiresAt', 'tokenType', 'user'].sort(),
    );
    expect(body.expiresIn).toBe(900);
    expect(body.user).toMatchObject({ email, verified: true });
    expect(body.user).not.toHaveProperty('passwordHash');
    const cookie = cookieOf(response);
    expect(cookie).toContain(`${REFRESH_COOKIE}=${encodeURIComponent(body.refreshToken)}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth/);
    expect(response.headers['cache-control']).toBe('no-store');

    const me = await t().app.inject({ method: 'GET', url: `${AUTH}/me`, headers: bearer(body.accessToken) });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe(email);
  });

  it('verifies with POST too, and resends a verification link', async () => {
    const email = 'grace@example.com';
    const { link } = await registerAndVerify(email, strongPassword());
    const since = smtp.messages.length;
    const resent = await post(t(), '/resend-verification', { email });
    expect(resent.statusCode).toBe(202);
    const second = linkIn(
      await smtp.waitForMail(email, { since }),
      `${TEST_PUBLIC_URL}/api/v1/auth/verify-email?token=`,
    );
    // Only the newest link works.
    const old = await post(t(), '/verify-email', { token: link.searchParams.get('token') });
    expect(old.statusCode).toBe(400);
    const fresh = await post(t(), '/verify-email', { token: second.searchParams.get('token') });
    expect(fresh.statusCode).toBe(200);
  });

  it('answers a sign-up with a taken address like any other, and tells the owner by email', async () => {
    const existing = await t().createUser({ email: 'taken@example.com' });
    const since = smtp.messages.length;
    const taken = await post(t(), '/register', { email: existing.email, password: strongPassword(), name: 'Mallory' });
    const fresh = await post(t(), '/register', { email: 'new@example.com', password: strongPassword(), name: 'New' });
    expect(taken.statusCode).toBe(202);
    expect(taken.body).toBe(fresh.body);
    const notice = await smtp.waitForMail(existing.email, { since });
    expect(notice.raw).toContain('already has one');
  });

  it('rejects weak passwords and bad addresses at sign-up', async () => {
    const common = await post(t(), '/register', { email: 'a@example.com', password: 'qwerty123456', name: 'A' });
    expect(common.statusCode).toBe(400);
    expect(common.json().error).toMatchObject({ code: 'ECTUS_PASSWORD_REJECTED', details: { problem: 'common' } });
    const short = await post(t(), '/register', { email: 'a@example.com', password: 'short', name: 'A' });
    expect(short.json().error.details).toEqual({ problem: 'too-short' });
    const badEmail = await post(t(), '/register', { email: 'not an address', password: strongPassword(), name: 'A' });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().error.code).toBe('ECTUS_VALIDATION');
    const missing = await post(t(), '/register', { email: 'a@example.com' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ location: 'body', path: '/password' })]),
    );
  });

  it('rotates refresh tokens from the body or the cookie', async () => {
    const user = await t().createUser();
    const first = (await login(user.email, user.password)).json();
    const viaBody = await post(t(), '/refresh', { refreshToken: first.refreshToken });
    expect(viaBody.statusCode).toBe(200);
    const second = viaBody.json();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(refreshCookieValue(viaBody)).toBe(second.refreshToken);

    const viaCookie = await t().app.inject({
      method: 'POST',
      url: `${AUTH}/refresh`,
      headers: { cookie: `other=1; ${REFRESH_COOKIE}=${encodeURIComponent(second.refreshToken)}` },
    });
    expect(viaCookie.statusCode).toBe(200);
    expect(viaCookie.json().user.email).toBe(user.email);

    const none = await post(t(), '/refresh', {});
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('ECTUS_UNAUTHENTICATED');
  });

  it('ends the session whose refresh token is used twice, and audits the reuse', async () => {
    const user = await t().createUser();
    const first = (await login(user.email, user.password)).json();
    const second = (await post(t(), '/refresh', { refreshToken: first.refreshToken })).json();

    const reuse = await post(t(), '/refresh', { refreshToken: first.refreshToken });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().error.code).toBe('ECTUS_TOKEN_INVALID');
    expect(cookieOf(reuse)).toMatch(/Max-Age=0/);
    // The thief's (or the user's) newer token dies with the family.
    const newer = await post(t(), '/refresh', { refreshToken: second.refreshToken });
    expect(newer.statusCode).toBe(401);
    const events = await listAuditEvents(t().db, { action: 'auth.refresh.reuse' });
    expect(events).toHaveLength(1);
  });

  it('logs out this session with the access token, the body or the cookie', async () => {
    const user = await t().createUser();
    const a = (await login(user.email, user.password)).json();
    const b = (await login(user.email, user.password)).json();
    const c = (await login(user.email, user.password)).json();

    const withBearer = await post(t(), '/logout', undefined, bearer(a.accessToken));
    expect(withBearer.statusCode).toBe(204);
    expect(cookieOf(withBearer)).toMatch(/Max-Age=0/);
    expect((await post(t(), '/refresh', { refreshToken: a.refreshToken })).statusCode).toBe(401);

    expect((await post(t(), '/logout', { refreshToken: b.refreshToken })).statusCode).toBe(204);
    expect((await post(t(), '/refresh', { refreshToken: b.refreshToken })).statusCode).toBe(401);

    const withCookie = await t().app.inject({
      method: 'POST',
      url: `${AUTH}/logout`,
      headers: { cookie: `${REFRESH_COOKIE}=${encodeURIComponent(c.refreshToken)}` },
    });
    expect(withCookie.statusCode).toBe(204);
    expect((await post(t(), '/refresh', { refreshToken: c.refreshToken })).statusCode).toBe(401);

    expect((await post(t(), '/logout')).statusCode).toBe(401);
  });

  it('logs out every session', async () => {
    const user = await t().createUser();
    const sessions = [];
    for (let i = 0; i < 3; i += 1) sessions.push((await login(user.email, user.password)).json());
    const response = await post(t(), '/logout-all', undefined, bearer(sessions[0].accessToken));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ sessionsEnded: 3 });
    for (const session of sessions) {
      expect((await post(t(), '/refresh', { refreshToken: session.refreshToken })).statusCode).toBe(401);
    }
  });

  it('lists the sessions and revokes one', async () => {
    const user = await t().createUser();
    const here = (await login(user.email, user.password)).json();
    const there = (await login(user.email, user.password)).json();
    const listed = await t().app.inject({ method: 'GET', url: `${AUTH}/sessions`, headers: bearer(here.accessToken) });
    expect(listed.statusCode).toBe(200);
    const sessions = listed.json().sessions as { id: string; current: boolean; userAgent: string; ip: string }[];
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((session) => session.current)).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ userAgent: 'vitest', ip: '127.0.0.1' });
    const other = sessions.find((session) => !session.current);

    const revoked = await t().app.inject({
      method: 'DELETE',
      url: `${AUTH}/sessions/${other?.id}`,
      headers: bearer(here.accessToken),
    });
    expect(revoked.statusCode).toBe(204);
    expect((await post(t(), '/refresh', { refreshToken: there.refreshToken })).statusCode).toBe(401);

    // Someone else's session id is not found, not revoked.
    const stranger = await t().signIn('viewer');
    const foreign = await t().app.inject({
      method: 'DELETE',
      url: `${AUTH}/sessions/${stranger.tokens.sessionId}`,
      headers: bearer(here.accessToken),
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('ECTUS_NOT_FOUND');
  });

  it('resets a forgotten password through the emailed link, and answers unknown addresses the same', async () => {
    const user = await t().createUser({ email: 'forgetful@example.com' });
    const session = (await login(user.email, user.password)).json();
    const since = smtp.messages.length;
    const known = await post(t(), '/forgot-password', { email: user.email });
    const unknown = await post(t(), '/forgot-password', { email: 'nobody@example.com' });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);

    const mail = await smtp.waitForMail(user.email, { since });
    const token = linkIn(mail, `${TEST_PUBLIC_URL}/reset-password?token=`).searchParams.get('token');
    await t().deps.outbox.drain();
    expect(smtp.messages.slice(since).map((message) => message.to)).toEqual([[user.email]]);

    const weak = await post(t(), '/reset-password', { token, newPassword: 'qwerty123456' });
    expect(weak.json().error.code).toBe('ECTUS_PASSWORD_REJECTED');
    const newPassword = strongPassword();
    const reset = await post(t(), '/reset-password', { token, newPassword });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toEqual({ sessionsEnded: 1 });
    expect((await post(t(), '/reset-password', { token, newPassword })).json().error.code).toBe('ECTUS_LINK_INVALID');
    expect((await post(t(), '/refresh', { refreshToken: session.refreshToken })).statusCode).toBe(401);
    expect((await login(user.email, user.password)).statusCode).toBe(401);
    expect((await login(user.email, newPassword)).statusCode).toBe(200);
  });

  it('changes the password, keeping this session and ending the others', async () => {
    const user = await t().createUser();
    const here = (await login(user.email, user.password)).json();
    const there = (await login(user.email, user.password)).json();
    const wrong = await post(
      t(),
      '/change-password',
      { currentPassword: 'not-the-password', newPassword: strongPassword() },
      bearer(here.accessToken),
    );
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('ECTUS_INVALID_CREDENTIALS');

    const newPassword = strongPassword();
    const changed = await post(
      t(),
      '/change-password',
      { currentPassword: user.password, newPassword },
      bearer(here.accessToken),
    );
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ sessionsEnded: 1 });
    expect((await post(t(), '/refresh', { refreshToken: here.refreshToken })).statusCode).toBe(200);
    expect((await post(t(), '/refresh', { refreshToken: there.refreshToken })).statusCode).toBe(401);
    expect((await login(user.email, newPassword)).statusCode).toBe(200);
  });
});

describe('auth routes without email or sign-up', () => {
  const closed = useTestApp({ config: { registration: 'closed' } });

  it('refuses sign-up when registration is closed', async () => {
    const response = await post(closed(), '/register', {
      email: 'x@example.com',
      password: strongPassword(),
      name: 'X',
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('ECTUS_FORBIDDEN');
  });
});
