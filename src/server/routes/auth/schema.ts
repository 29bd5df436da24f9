import { z } from 'zod';
import type { PublicUser } from '../../../auth/public-user.js';
import type { SessionView, TokenPair } from '../../../auth/sessions.js';
import { errorResponse } from '../error-schema.js';

/**
 * Shapes of the auth routes. Lengths are bounded here so nothing unbounded reaches argon2 or the
 * database; the finer rules (email shape, password policy) are the account service's, and their
 * failures come back as `ECTUS_VALIDATION` / `ECTUS_PASSWORD_REJECTED`.
 */

const email = z.string().trim().min(1).max(254).describe('Email address');
/** Policy allows 128 characters; a little more is let through so the policy can say "too long". */
const password = z.string().min(1).max(1024);
const opaqueToken = z.string().min(1).max(512);

export const registerBody = z.object({ email, password, name: z.string().trim().min(1).max(200) });
export const loginBody = z.object({ email, password });
export const emailBody = z.object({ email });
export const tokenBody = z.object({ token: opaqueToken });
export const tokenQuery = z.object({ token: opaqueToken });
export const refreshBody = z.object({ refreshToken: opaqueToken.optional() }).nullish();
export const resetPasswordBody = z.object({ token: opaqueToken, newPassword: password });
export const changePasswordBody = z.object({ currentPassword: password, newPassword: password });
export const sessionParams = z.object({ sessionId: z.uuid() });

export const publicUser = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.string(),
    verified: z.boolean(),
    createdAt: z.iso.datetime(),
    lastLoginAt: z.iso.datetime().nullable(),
  })
  .describe('User');

export const userResponse = z.object({ user: publicUser });

export const tokenResponse = z
  .object({
    accessToken: z.string().describe('JWT for Authorization: Bearer'),
    refreshToken: z.string().describe('Opaque; exchange it at /auth/refresh (also set as an httpOnly cookie)'),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().describe('Seconds until the access token expires'),
    refreshTokenExpiresAt: z.iso.datetime(),
    user: publicUser,
  })
  .describe('Tokens');

export const noContent = z.undefined().describe('No content');

export const accepted = z.object({ status: z.literal('accepted'), message: z.string() });
export const sessionsEnded = z.object({ sessionsEnded: z.number().int() });

export const sessionList = z.object({
  sessions: z.array(
    z.object({
      id: z.uuid(),
      device: z.string().nullable(),
      ip: z.string().nullable(),
      userAgent: z.string().nullable(),
      createdAt: z.iso.datetime(),
      lastUsedAt: z.iso.datetime(),
      expiresAt: z.iso.datetime(),
      current: z.boolean(),
    }),
  ),
});

/** Error answers an auth route may give, for the document. */
export const authErrors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  429: errorResponse,
};

export function userJson(user: PublicUser): z.infer<typeof publicUser> {
  return {
    ...user,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}

export function tokensJson(user: PublicUser, tokens: TokenPair): z.infer<typeof tokenResponse> {
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    tokenType: tokens.tokenType,
    expiresIn: tokens.expiresIn,
    refreshTokenExpiresAt: tokens.refreshTokenExpiresAt.toISOString(),
    user: userJson(user),
  };
}

export function sessionJson(session: SessionView): z.infer<typeof sessionList>['sessions'][number] {
  return {
    ...session,
    createdAt: session.createdAt.toISOString(),
    lastUsedAt: session.lastUsedAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
  };
}
