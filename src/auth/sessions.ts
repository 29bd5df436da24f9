import {
  findSessionById,
  findSessionByRotatedTokenHash,
  findSessionByTokenHash,
  insertSession,
  listActiveSessions,
  revokeSession,
  revokeUserSessions,
  rotateSessionToken,
  type SessionRecord,
} from '../db/repositories/sessions.js';
import {
  findUserByEmail,
  findUserById,
  recordLoginFailure,
  recordLoginSuccess,
  setPasswordHash,
  type UserRecord,
} from '../db/repositories/users.js';
import { AUTH_AUDIT_ACTIONS, type AuthContext, audit, type RequestMeta } from './auth-context.js';
import { accountRetryAfterMs, addressKey, retryAfterSeconds, unknownEmailKey } from './lockout.js';
import { generateOpaqueToken, hashToken } from './opaque-tokens.js';
import { type PublicUser, toPublicUser } from './public-user.js';

/**
 * Logins and their sessions: login with lockout, refresh-token rotation with reuse detection,
 * logout of one or all sessions, the session list. Every outcome is data (a `kind`); the HTTP layer
 * maps them to responses. Security-relevant outcomes are written to the audit log here.
 */

export interface TokenPair {
  accessToken: string;
  /** Opaque; send it back to `refresh`. Valid until `refreshTokenExpiresAt` or its first use. */
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
  sessionId: string;
  refreshTokenExpiresAt: Date;
}

export type LoginResult =
  | { kind: 'ok'; user: PublicUser; tokens: TokenPair }
  /** Unknown email or wrong password: the two are indistinguishable by design. */
  | { kind: 'invalid-credentials' }
  /** Too many failures for this account (or email) or from this client address: answer 429. */
  | { kind: 'locked'; scope: 'account' | 'address'; retryAfterSeconds: number }
  /** The password was right but the email is not verified yet. */
  | { kind: 'email-not-verified' }
  /** The password was right but an administrator disabled the account. */
  | { kind: 'account-disabled' };

export type RefreshResult =
  | { kind: 'ok'; user: PublicUser; tokens: TokenPair }
  | { kind: 'invalid'; reason: 'unknown' | 'expired' | 'revoked' }
  /** A refresh token that was already exchanged: its whole family is now revoked (theft detection). */
  | { kind: 'reused'; sessionId: string; userId: string };

/** A session as shown to its user. */
export interface SessionView {
  id: string;
  device: string | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  /** The session the request was made with. */
  current: boolean;
}

export type SessionService = ReturnType<typeof createSessionService>;

/**
 * @example
 * const sessions = createSessionService(createAuthContext({ db, passwords, accessTokens }));
 * const result = await sessions.login({ email, password }, { ip: request.ip, userAgent });
 * if (result.kind === 'locked') reply.header('retry-after', result.retryAfterSeconds).code(429);
 */
export function createSessionService(context: AuthContext) {
  const { db } = context;

  async function openSession(user: UserRecord, meta: RequestMeta, now: Date): Promise<TokenPair> {
    const refreshToken = generateOpaqueToken();
    const session = await insertSession(db, {
      userId: user.id,
      tokenHash: hashToken(refreshToken),
      device: meta.device,
      ip: meta.ip,
      userAgent: meta.userAgent,
      expiresAt: new Date(now.getTime() + context.refreshTokenTtlMs),
      now,
    });
    return tokensFor(user, session, refreshToken);
  }

  async function tokensFor(user: UserRecord, session: SessionRecord, refreshToken: string): Promise<TokenPair> {
    const { token } = await context.accessTokens.issue({ userId: user.id, role: user.role, sessionId: session.id });
    return {
      accessToken: token,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: context.accessTokens.ttlSeconds,
      sessionId: session.id,
      refreshTokenExpiresAt: session.expiresAt,
    };
  }

  async function blocked(
    scope: 'account' | 'address',
    waitMs: number,
    email: string,
    user: UserRecord | null,
    meta: RequestMeta,
  ): Promise<LoginResult> {
    await audit(context, meta, {
      action: AUTH_AUDIT_ACTIONS.loginBlocked,
      actorUserId: user?.id,
      actor: email,
      details: { scope },
    });
    return { kind: 'locked', scope, retryAfterSeconds: retryAfterSeconds(waitMs) };
  }

  /** Counts a failure against the address and the account (or unknown email), and audits it. */
  async function noteFailure(email: string, user: UserRecord | null, meta: RequestMeta, now: Date): Promise<void> {
    const locks: { scope: 'account' | 'address'; until: Date }[] = [];
    if (user) {
      const counted = await recordLoginFailure(db, user.id, context.lockout, now);
      if (counted.lockedUntil) locks.push({ scope: 'account', until: counted.lockedUntil });
    } else {
      const counted = await context.attemptLimiter.recordFailure(unknownEmailKey(email), now);
      if (counted.lockedUntil) locks.push({ scope: 'account', until: counted.lockedUntil });
    }
    if (meta.ip) {
      const counted = await context.attemptLimiter.recordFailure(addressKey(meta.ip), now);
      if (counted.lockedUntil) locks.push({ scope: 'address', until: counted.lockedUntil });
    }
    const actor = { actorUserId: user?.id, actor: email };
    await audit(context, meta, {
      ...actor,
      action: AUTH_AUDIT_ACTIONS.loginFailed,
      details: { reason: user ? 'wrong-password' : 'unknown-email' },
    });
    for (const lock of locks) {
      await audit(context, meta, {
        ...actor,
        action: AUTH_AUDIT_ACTIONS.lockout,
        details: { scope: lock.scope, lockedUntil: lock.until.toISOString() },
      });
    }
  }

  async function succeed(user: UserRecord, password: string, meta: RequestMeta, now: Date): Promise<LoginResult> {
    const actor = { actorUserId: user.id, actor: user.email };
    // Only a right password learns that the account is disabled: a wrong one is an ordinary failure.
    if (user.disabledAt !== null) {
      await audit(context, meta, { ...actor, action: AUTH_AUDIT_ACTIONS.loginDisabled });
      return { kind: 'account-disabled' };
    }
    if (context.requireVerifiedEmail && user.verifiedAt === null) {
      await audit(context, meta, { ...actor, action: AUTH_AUDIT_ACTIONS.loginUnverified });
      return { kind: 'email-not-verified' };
    }
    if (context.passwords.needsRehash(user.passwordHash)) {
      await setPasswordHash(db, user.id, await context.passwords.hash(password), { now, passwordChanged: false });
    }
    await recordLoginSuccess(db, user.id, now);
    const tokens = await openSession(user, meta, now);
    await audit(context, meta, {
      ...actor,
      action: AUTH_AUDIT_ACTIONS.login,
      targetType: 'session',
      targetId: tokens.sessionId,
    });
    return { kind: 'ok', user: toPublicUser({ ...user, lastLoginAt: now }), tokens };
  }

  /**
   * Checks a password login. An unknown email costs a dummy argon2 verification, so its answer
   * and its timing match a wrong password's. While the account, the email or the client address is
   * locked, the answer is `locked` whether the password is right or not (it is not even checked).
   */
  async function login(input: { email: string; password: string }, meta: RequestMeta = {}): Promise<LoginResult> {
    const now = context.clock();
    const email = input.email.trim();
    const addressWait = meta.ip ? await context.attemptLimiter.retryAfterMs(addressKey(meta.ip), now) : 0;
    if (addressWait > 0) return blocked('address', addressWait, email, null, meta);
    const user = await findUserByEmail(db, email);
    const accountWait = user
      ? accountRetryAfterMs(user, now)
      : await context.attemptLimiter.retryAfterMs(unknownEmailKey(email), now);
    if (accountWait > 0) return blocked('account', accountWait, email, user, meta);
    const passwordMatches = user
      ? await context.passwords.verify(user.passwordHash, input.password)
      : await context.passwords.verifyDummy(input.password).then(() => false);
    if (!user || !passwordMatches) {
      await noteFailure(email, user, meta, now);
      return { kind: 'invalid-credentials' };
    }
    return succeed(user, input.password, meta, now);
  }

  /** A token that is no family's current one: reuse when it was one before, else unknown. */
  async function reuseOrUnknown(tokenHash: string, meta: RequestMeta, now: Date): Promise<RefreshResult> {
    const family = await findSessionByRotatedTokenHash(db, tokenHash);
    if (!family) return { kind: 'invalid', reason: 'unknown' };
    const revoked = await revokeSession(db, family.id, 'refresh-token-reuse', now);
    await audit(context, meta, {
      action: AUTH_AUDIT_ACTIONS.refreshReuse,
      actorUserId: family.userId,
      targetType: 'session',
      targetId: family.id,
      details: { familyRevoked: revoked },
    });
    return { kind: 'reused', sessionId: family.id, userId: family.userId };
  }

  /**
   * Exchanges a refresh token for a new pair; the presented token stops working. Presenting an
   * exchanged token again revokes its family, which also ends the session of whoever holds the
   * newer token: one of the two parties is not the user.
   */
  async function refresh(input: { refreshToken: string }, meta: RequestMeta = {}): Promise<RefreshResult> {
    const now = context.clock();
    const tokenHash = hashToken(input.refreshToken);
    const session = await findSessionByTokenHash(db, tokenHash);
    if (!session) return reuseOrUnknown(tokenHash, meta, now);
    if (session.revokedAt !== null) return { kind: 'invalid', reason: 'revoked' };
    if (session.expiresAt.getTime() <= now.getTime()) return { kind: 'invalid', reason: 'expired' };
    const refreshToken = generateOpaqueToken();
    const rotated = await rotateSessionToken(db, {
      sessionId: session.id,
      currentHash: tokenHash,
      nextHash: hashToken(refreshToken),
      now,
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
    // Null: a concurrent request exchanged this token first, so this is a second use of it.
    if (!rotated) return reuseOrUnknown(tokenHash, meta, now);
    const user = await findUserById(db, rotated.userId);
    if (!user) return { kind: 'invalid', reason: 'unknown' };
    // Disabling revokes the sessions in the same transaction; this covers a refresh that rotated the
    // token just before, so no new pair leaves for a disabled account.
    if (user.disabledAt !== null) {
      await revokeSession(db, rotated.id, 'account-disabled', now);
      return { kind: 'invalid', reason: 'revoked' };
    }
    return { kind: 'ok', user: toPublicUser(user), tokens: await tokensFor(user, rotated, refreshToken) };
  }

  async function endOwnSession(
    userId: string,
    sessionId: string,
    reason: 'logout' | 'revoked',
    meta: RequestMeta,
  ): Promise<boolean> {
    const session = await findSessionById(db, sessionId);
    if (!session || session.userId !== userId) return false;
    const ended = await revokeSession(db, session.id, reason, context.clock());
    if (ended) {
      await audit(context, meta, {
        action: reason === 'logout' ? AUTH_AUDIT_ACTIONS.logout : AUTH_AUDIT_ACTIONS.sessionRevoke,
        actorUserId: userId,
        targetType: 'session',
        targetId: session.id,
      });
    }
    return ended;
  }

  /**
   * Ends one session: the caller's own (`userId` + `sessionId` from its access token), or the one a
   * refresh token belongs to (a browser that only has its cookie). False when nothing was open.
   */
  async function logout(
    input: { userId: string; sessionId: string } | { refreshToken: string },
    meta: RequestMeta = {},
  ): Promise<boolean> {
    if ('sessionId' in input) return endOwnSession(input.userId, input.sessionId, 'logout', meta);
    const session = await findSessionByTokenHash(db, hashToken(input.refreshToken));
    return session ? endOwnSession(session.userId, session.id, 'logout', meta) : false;
  }

  /** Ends every session of the user (but `exceptSessionId`, to stay logged in here); returns how many. */
  async function logoutAll(
    input: { userId: string; exceptSessionId?: string },
    meta: RequestMeta = {},
  ): Promise<number> {
    const count = await revokeUserSessions(db, input.userId, 'logout-all', context.clock(), input.exceptSessionId);
    await audit(context, meta, {
      action: AUTH_AUDIT_ACTIONS.logoutAll,
      actorUserId: input.userId,
      targetType: 'user',
      targetId: input.userId,
      details: { sessions: count, keptSessionId: input.exceptSessionId ?? null },
    });
    return count;
  }

  /** The user's open sessions, most recently used first. */
  async function listSessions(userId: string, currentSessionId?: string): Promise<SessionView[]> {
    const rows = await listActiveSessions(db, userId, context.clock());
    return rows.map((row) => ({
      id: row.id,
      device: row.device,
      ip: row.ip,
      userAgent: row.userAgent,
      createdAt: row.createdAt,
      lastUsedAt: row.lastUsedAt,
      expiresAt: row.expiresAt,
      current: row.id === currentSessionId,
    }));
  }

  /** Ends one of the user's sessions from the session list; false when it is not theirs or already ended. */
  function revokeOwnSession(input: { userId: string; sessionId: string }, meta: RequestMeta = {}): Promise<boolean> {
    return endOwnSession(input.userId, input.sessionId, 'revoked', meta);
  }

  return { login, refresh, logout, logoutAll, listSessions, revokeSession: revokeOwnSession };
}
