import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PasswordProblem } from '../../../auth/passwords.js';
import type { PublicUser } from '../../../auth/public-user.js';
import type { TokenPair } from '../../../auth/sessions.js';
import { AppError } from '../../../errors.js';
import { clearedRefreshCookie, REFRESH_COOKIE, readCookie, refreshCookie } from '../../cookies.js';
import { tokensJson } from './schema.js';

/** How the auth routes turn service outcomes into answers. */

const PASSWORD_PROBLEMS: Record<PasswordProblem, string> = {
  'too-short': 'The password must have at least 12 characters.',
  'too-long': 'The password must have at most 128 characters.',
  common: 'This password is one of the most common ones; choose another.',
  'same-as-email': 'The password must not be the email address.',
};

export function passwordRejected(problem: PasswordProblem): AppError {
  return new AppError('ECTUS_PASSWORD_REJECTED', PASSWORD_PROBLEMS[problem], { details: { problem } });
}

/** The same answer for an unknown email and a wrong password (no enumeration). */
export function invalidCredentials(): AppError {
  return new AppError('ECTUS_INVALID_CREDENTIALS', 'The email or the password is wrong.');
}

export function invalidField(field: 'email' | 'name'): AppError {
  const message = field === 'email' ? 'This is not a usable email address.' : 'The name must be 1 to 200 characters.';
  return new AppError('ECTUS_VALIDATION', 'The request does not match the expected shape.', {
    details: [{ location: 'body', path: `/${field}`, message }],
  });
}

/** Answers with a token pair and puts the refresh token in the browser's cookie. */
export function sendTokens(request: FastifyRequest, reply: FastifyReply, user: PublicUser, tokens: TokenPair) {
  const { config, clock } = request.server.deps;
  const maxAgeSeconds = (tokens.refreshTokenExpiresAt.getTime() - clock().getTime()) / 1000;
  reply.header('set-cookie', refreshCookie(tokens.refreshToken, { secure: config.secureCookies, maxAgeSeconds }));
  reply.header('cache-control', 'no-store');
  return reply.code(200).send(tokensJson(user, tokens));
}

export function clearRefreshCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', clearedRefreshCookie({ secure: request.server.deps.config.secureCookies }));
}

/** The refresh token from the body, else from the cookie. */
export function presentedRefreshToken(request: FastifyRequest, body: { refreshToken?: string } | null | undefined) {
  return body?.refreshToken ?? readCookie(request.headers.cookie, REFRESH_COOKIE);
}
