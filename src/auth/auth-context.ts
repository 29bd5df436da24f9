import type { Database } from '../db/client.js';
import { type AuditEventInput, recordAuditEvent } from '../db/repositories/audit-events.js';
import { type Clock, systemClock } from './clock.js';
import {
  type AttemptLimiter,
  createMemoryAttemptLimiter,
  DEFAULT_LOCKOUT_POLICY,
  type LockoutPolicy,
} from './lockout.js';
import type { PasswordHasher } from './passwords.js';
import type { AccessTokens } from './tokens.js';

/** What the account and session services need, with their settings. */
export interface AuthOptions {
  db: Database;
  passwords: PasswordHasher;
  accessTokens: AccessTokens;
  clock?: Clock;
  /** Account lockout (default: 5 failures in 15 minutes lock for 15 minutes). */
  lockout?: LockoutPolicy;
  /** Counts failures per client address and per unknown email; default: in memory with `lockout`. */
  attemptLimiter?: AttemptLimiter;
  /** Lifetime of a login's refresh-token family (default 30 days); refreshing does not extend it. */
  refreshTokenTtlMs?: number;
  /** Lifetime of an email-verification link (default 24 hours). */
  verificationTokenTtlMs?: number;
  /** Lifetime of a password-reset link (default 1 hour). */
  resetTokenTtlMs?: number;
  /** Refuse logins until the email is verified (default true). */
  requireVerifiedEmail?: boolean;
  /** Role of self-registered users (default `viewer`). */
  defaultRole?: string;
}

export type AuthContext = Required<AuthOptions>;

const DAY_MS = 24 * 60 * 60_000;

export function createAuthContext(options: AuthOptions): AuthContext {
  const lockout = options.lockout ?? DEFAULT_LOCKOUT_POLICY;
  return {
    db: options.db,
    passwords: options.passwords,
    accessTokens: options.accessTokens,
    clock: options.clock ?? systemClock,
    lockout,
    attemptLimiter: options.attemptLimiter ?? createMemoryAttemptLimiter(lockout),
    refreshTokenTtlMs: options.refreshTokenTtlMs ?? 30 * DAY_MS,
    verificationTokenTtlMs: options.verificationTokenTtlMs ?? DAY_MS,
    resetTokenTtlMs: options.resetTokenTtlMs ?? 60 * 60_000,
    requireVerifiedEmail: options.requireVerifiedEmail ?? true,
    defaultRole: options.defaultRole ?? 'viewer',
  };
}

/** Where a request came from, recorded with sessions and audit events. */
export interface RequestMeta {
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  /** A label for the session list, e.g. "Firefox on Linux" or "CI". */
  device?: string | null;
}

/** The audit actions the auth services record. */
export const AUTH_AUDIT_ACTIONS = {
  register: 'auth.register',
  userCreate: 'auth.user.create',
  emailVerify: 'auth.email.verify',
  login: 'auth.login',
  loginFailed: 'auth.login.failed',
  loginBlocked: 'auth.login.blocked',
  loginUnverified: 'auth.login.unverified',
  loginDisabled: 'auth.login.disabled',
  lockout: 'auth.lockout',
  refreshReuse: 'auth.refresh.reuse',
  logout: 'auth.logout',
  logoutAll: 'auth.logout.all',
  sessionRevoke: 'auth.session.revoke',
  passwordChange: 'auth.password.change',
  passwordResetRequest: 'auth.password.reset.request',
  passwordReset: 'auth.password.reset',
  apiKeyCreate: 'auth.api-key.create',
  apiKeyRevoke: 'auth.api-key.revoke',
} as const;

/** Records an audit event with the request's origin and the context's clock. */
export async function audit(
  context: AuthContext,
  meta: RequestMeta,
  event: Omit<AuditEventInput, 'at' | 'ip' | 'userAgent' | 'requestId'>,
): Promise<void> {
  await recordAuditEvent(context.db, {
    ...event,
    at: context.clock(),
    ip: meta.ip ?? null,
    userAgent: meta.userAgent ?? null,
    requestId: meta.requestId ?? null,
  });
}
