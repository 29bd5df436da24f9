import {
  consumeEmailToken,
  findUsableEmailToken,
  insertEmailToken,
  invalidateEmailTokens,
} from '../db/repositories/email-tokens.js';
import { revokeUserSessions } from '../db/repositories/sessions.js';
import {
  clearLoginFailures,
  findUserByEmail,
  findUserById,
  insertUser,
  markEmailVerified,
  setPasswordHash,
  type UserRecord,
} from '../db/repositories/users.js';
import type { EmailTokenPurpose } from '../db/schema.js';
import { AUTH_AUDIT_ACTIONS, type AuthContext, audit, type RequestMeta } from './auth-context.js';
import { generateOpaqueToken, hashToken } from './opaque-tokens.js';
import { checkPasswordPolicy, type PasswordProblem } from './passwords.js';
import { type PublicUser, toPublicUser } from './public-user.js';

/**
 * Accounts: registration, users created by an administrator or the CLI, email verification,
 * password change and reset. Email links carry opaque single-use tokens; this service returns
 * them and the mail layer sends them. Outcomes are data (`kind`).
 */

/** A link token to send by email (never stored in clear). */
export interface EmailLinkToken {
  token: string;
  expiresAt: Date;
}

export type NewAccountResult =
  | { kind: 'created'; user: PublicUser; verification: EmailLinkToken | null }
  | { kind: 'email-taken' }
  | { kind: 'password-rejected'; problem: PasswordProblem }
  | { kind: 'invalid-input'; field: 'email' | 'name' };

export type PasswordChangeResult =
  | { kind: 'changed'; sessionsEnded: number }
  | { kind: 'invalid-credentials' }
  | { kind: 'password-rejected'; problem: PasswordProblem };

export type PasswordResetResult =
  | { kind: 'reset'; user: PublicUser; sessionsEnded: number }
  | { kind: 'invalid-token' }
  | { kind: 'password-rejected'; problem: PasswordProblem };

/** Longest email address SMTP can carry (RFC 5321). */
const MAX_EMAIL_LENGTH = 254;
const MAX_NAME_LENGTH = 200;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;

function inputProblem(email: string, name: string): 'email' | 'name' | null {
  if (email.length > MAX_EMAIL_LENGTH || !EMAIL_SHAPE.test(email)) return 'email';
  if (name === '' || name.length > MAX_NAME_LENGTH) return 'name';
  return null;
}

export type AccountService = ReturnType<typeof createAccountService>;

export function createAccountService(context: AuthContext) {
  const { db } = context;

  async function issueToken(userId: string, purpose: EmailTokenPurpose, ttlMs: number): Promise<EmailLinkToken> {
    const now = context.clock();
    // Only the newest link of a kind works.
    await invalidateEmailTokens(db, userId, purpose, now);
    const token = generateOpaqueToken();
    const expiresAt = new Date(now.getTime() + ttlMs);
    await insertEmailToken(db, { userId, purpose, tokenHash: hashToken(token), expiresAt, now });
    return { token, expiresAt };
  }

  async function createAccount(
    input: { email: string; password: string; name: string; role: string; verified: boolean },
    meta: RequestMeta,
    action: string,
    /** `self` for sign-up; a user id for an administrator; `null` for the CLI (the system). */
    actorUserId: string | null | 'self',
  ): Promise<NewAccountResult> {
    const email = input.email.trim();
    const name = input.name.trim();
    const field = inputProblem(email, name);
    if (field) return { kind: 'invalid-input', field };
    const problem = await checkPasswordPolicy(input.password, { email });
    if (problem) return { kind: 'password-rejected', problem };
    const now = context.clock();
    // Hashed before the insert whether or not the email is taken, so both answers take as long.
    const passwordHash = await context.passwords.hash(input.password);
    const user = await insertUser(db, {
      email,
      name,
      passwordHash,
      role: input.role,
      verifiedAt: input.verified ? now : null,
      now,
    });
    if (!user) return { kind: 'email-taken' };
    await audit(context, meta, {
      action,
      actorUserId: actorUserId === 'self' ? user.id : actorUserId,
      actor: actorUserId === 'self' ? email : actorUserId === null ? 'system' : null,
      targetType: 'user',
      targetId: user.id,
      details: { role: user.role, verified: input.verified },
    });
    const verification = input.verified ? null : await issueToken(user.id, 'verify', context.verificationTokenTtlMs);
    return { kind: 'created', user: toPublicUser(user), verification };
  }

  /** Self-service sign-up: the context's default role, unverified, with a verification link to send. */
  function register(input: { email: string; password: string; name: string }, meta: RequestMeta = {}) {
    return createAccount(
      { ...input, role: context.defaultRole, verified: false },
      meta,
      AUTH_AUDIT_ACTIONS.register,
      'self',
    );
  }

  /**
   * A user made by an administrator (`actorUserId`) or by `ectus user create` (`null`): any role,
   * verified or not.
   */
  function createUser(
    input: { email: string; password: string; name: string; role: string; verified: boolean },
    actorUserId: string | null,
    meta: RequestMeta = {},
  ) {
    return createAccount(input, meta, AUTH_AUDIT_ACTIONS.userCreate, actorUserId);
  }

  /** A new verification link for an unverified user; `null` when there is nothing to verify. */
  async function issueEmailVerification(userId: string): Promise<EmailLinkToken | null> {
    const user = await findUserById(db, userId);
    if (!user || user.verifiedAt !== null) return null;
    return issueToken(user.id, 'verify', context.verificationTokenTtlMs);
  }

  async function verifyEmail(
    token: string,
    meta: RequestMeta = {},
  ): Promise<{ kind: 'verified'; user: PublicUser } | { kind: 'invalid-token' }> {
    const now = context.clock();
    const used = await consumeEmailToken(db, { tokenHash: hashToken(token), purpose: 'verify', now });
    const user = used ? await markEmailVerified(db, used.userId, now) : null;
    if (!user) return { kind: 'invalid-token' };
    await audit(context, meta, {
      action: AUTH_AUDIT_ACTIONS.emailVerify,
      actorUserId: user.id,
      actor: user.email,
      targetType: 'user',
      targetId: user.id,
    });
    return { kind: 'verified', user: toPublicUser(user) };
  }

  /**
   * Changes the password after checking the current one; every other session of the user ends
   * (`sessionId`, the one making the change, stays).
   */
  async function changePassword(
    input: { userId: string; sessionId?: string; currentPassword: string; newPassword: string },
    meta: RequestMeta = {},
  ): Promise<PasswordChangeResult> {
    const user = await findUserById(db, input.userId);
    if (!user || !(await context.passwords.verify(user.passwordHash, input.currentPassword))) {
      return { kind: 'invalid-credentials' };
    }
    const problem = await checkPasswordPolicy(input.newPassword, { email: user.email });
    if (problem) return { kind: 'password-rejected', problem };
    const sessionsEnded = await storeNewPassword(user, input.newPassword, 'password-changed', input.sessionId);
    await audit(context, meta, {
      action: AUTH_AUDIT_ACTIONS.passwordChange,
      actorUserId: user.id,
      actor: user.email,
      targetType: 'user',
      targetId: user.id,
      details: { sessionsEnded },
    });
    return { kind: 'changed', sessionsEnded };
  }

  async function storeNewPassword(
    user: UserRecord,
    password: string,
    reason: 'password-changed' | 'password-reset',
    keepSessionId?: string,
  ): Promise<number> {
    const now = context.clock();
    await setPasswordHash(db, user.id, await context.passwords.hash(password), { now, passwordChanged: true });
    await invalidateEmailTokens(db, user.id, 'reset', now);
    return revokeUserSessions(db, user.id, reason, now, keepSessionId);
  }

  /**
   * A reset link for the account with this email. For an unknown email nothing happens, and the
   * HTTP layer must answer exactly as for a known one.
   */
  async function requestPasswordReset(
    input: { email: string },
    meta: RequestMeta = {},
  ): Promise<{ kind: 'reset-requested'; user: PublicUser; reset: EmailLinkToken } | { kind: 'unknown-email' }> {
    const user = await findUserByEmail(db, input.email.trim());
    if (!user) return { kind: 'unknown-email' };
    const reset = await issueToken(user.id, 'reset', context.resetTokenTtlMs);
    await audit(context, meta, {
      action: AUTH_AUDIT_ACTIONS.passwordResetRequest,
      actorUserId: user.id,
      actor: user.email,
      targetType: 'user',
      targetId: user.id,
    });
    return { kind: 'reset-requested', user: toPublicUser(user), reset };
  }

  /**
   * Sets a new password with a reset link's token. The password is checked against the policy
   * before the token is used up, so a rejected password leaves the link working. The reset also
   * proves the email address (it becomes verified), lifts a lockout and ends every session.
   */
  async function resetPassword(
    input: { token: string; newPassword: string },
    meta: RequestMeta = {},
  ): Promise<PasswordResetResult> {
    const tokenHash = hashToken(input.token);
    const now = context.clock();
    const pending = await findUsableEmailToken(db, { tokenHash, purpose: 'reset', now });
    const user = pending ? await findUserById(db, pending.userId) : null;
    if (!user) return { kind: 'invalid-token' };
    const problem = await checkPasswordPolicy(input.newPassword, { email: user.email });
    if (problem) return { kind: 'password-rejected', problem };
    // Single use: of two requests racing with the same link, one gets here.
    if (!(await consumeEmailToken(db, { tokenHash, purpose: 'reset', now }))) return { kind: 'invalid-token' };
    const sessionsEnded = await storeNewPassword(user, input.newPassword, 'password-reset');
    await clearLoginFailures(db, user.id);
    const verified = (await markEmailVerified(db, user.id, now)) ?? user;
    await audit(context, meta, {
      action: AUTH_AUDIT_ACTIONS.passwordReset,
      actorUserId: user.id,
      actor: user.email,
      targetType: 'user',
      targetId: user.id,
      details: { sessionsEnded },
    });
    return { kind: 'reset', user: toPublicUser(verified), sessionsEnded };
  }

  return {
    register,
    createUser,
    issueEmailVerification,
    verifyEmail,
    changePassword,
    requestPasswordReset,
    resetPassword,
  };
}
