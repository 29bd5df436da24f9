import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../../errors.js';
import { authenticate, requestMeta, requireUser } from '../../plugins/auth.js';
import { errorBody } from '../../plugins/errors.js';
import { errorResponse } from '../error-schema.js';
import { clearRefreshCookie, invalidCredentials, presentedRefreshToken, sendTokens } from './replies.js';
import {
  authErrors,
  loginBody,
  noContent,
  refreshBody,
  sessionJson,
  sessionList,
  sessionParams,
  sessionsEnded,
  tokenResponse,
} from './schema.js';

const tags = ['auth'];

/** Login, refresh, logout and the session list: `/api/v1/auth/...`. */
export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { sessions } = app.deps;

  app.post(
    '/login',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Sign in with email and password',
        description:
          'Returns an access token and a refresh token (also set as an httpOnly cookie). While the account is locked every attempt answers 429 ECTUS_ACCOUNT_LOCKED with retry-after. The right password of a disabled account answers 403 ECTUS_ACCOUNT_DISABLED (a wrong one 401, as for any account).',
        body: loginBody,
        response: { 200: tokenResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      const result = await sessions.login(request.body, requestMeta(request));
      if (result.kind === 'ok') return sendTokens(request, reply, result.user, result.tokens);
      if (result.kind === 'locked') {
        // Account, unknown email or client address: one answer, so a lock reveals no account.
        return reply
          .code(429)
          .header('retry-after', String(result.retryAfterSeconds))
          .send(errorBody('ECTUS_ACCOUNT_LOCKED', 'Too many failed sign-ins; try again later.'));
      }
      if (result.kind === 'email-not-verified') {
        throw new AppError('ECTUS_EMAIL_NOT_VERIFIED', 'Confirm your email address first: follow the link we sent.');
      }
      if (result.kind === 'account-disabled') {
        throw new AppError('ECTUS_ACCOUNT_DISABLED', 'This account is disabled; ask an administrator.');
      }
      throw invalidCredentials();
    },
  );

  app.post(
    '/refresh',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Exchange a refresh token for a new pair',
        description:
          'The refresh token comes from the body or the cookie. Each works once; presenting a used one again ends its whole session.',
        body: refreshBody,
        response: { 200: tokenResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      const refreshToken = presentedRefreshToken(request, request.body);
      if (!refreshToken) throw new AppError('ECTUS_UNAUTHENTICATED', 'Send the refresh token (body or cookie).');
      const result = await sessions.refresh({ refreshToken }, requestMeta(request));
      if (result.kind === 'ok') return sendTokens(request, reply, result.user, result.tokens);
      clearRefreshCookie(request, reply);
      throw new AppError('ECTUS_TOKEN_INVALID', 'The refresh token is not valid; sign in again.');
    },
  );

  app.post(
    '/logout',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'End this session',
        description:
          'With a bearer access token, ends its session; otherwise the refresh token (body or cookie) names it.',
        body: refreshBody,
        response: { 204: noContent, ...authErrors },
      },
    },
    async (request, reply) => {
      const meta = requestMeta(request);
      const refreshToken = presentedRefreshToken(request, request.body);
      if (request.headers.authorization !== undefined) {
        const identity = await authenticate(request);
        if (identity.via !== 'access-token') throw new AppError('ECTUS_FORBIDDEN', 'API keys have no session to end.');
        await sessions.logout({ userId: identity.principal.userId, sessionId: identity.sessionId }, meta);
      } else if (refreshToken) {
        await sessions.logout({ refreshToken }, meta);
      } else {
        throw new AppError(
          'ECTUS_UNAUTHENTICATED',
          'Send the access token or the refresh token of the session to end.',
        );
      }
      clearRefreshCookie(request, reply);
      return reply.code(204).send();
    },
  );

  app.post(
    '/logout-all',
    {
      preValidation: requireUser({ sessionOnly: true }),
      schema: {
        tags,
        summary: 'End every session of the user, this one included',
        response: { 200: sessionsEnded, ...authErrors },
      },
    },
    async (request, reply) => {
      const identity = await authenticate(request);
      const count = await sessions.logoutAll({ userId: identity.principal.userId }, requestMeta(request));
      clearRefreshCookie(request, reply);
      return { sessionsEnded: count };
    },
  );

  app.get(
    '/sessions',
    {
      preValidation: requireUser({ sessionOnly: true }),
      schema: { tags, summary: "The user's open sessions", response: { 200: sessionList, ...authErrors } },
    },
    async (request) => {
      const identity = await authenticate(request);
      const sessionId = identity.via === 'access-token' ? identity.sessionId : undefined;
      const list = await sessions.listSessions(identity.principal.userId, sessionId);
      return { sessions: list.map(sessionJson) };
    },
  );

  app.delete(
    '/sessions/:sessionId',
    {
      preValidation: requireUser({ sessionOnly: true }),
      schema: {
        tags,
        summary: 'End one of your sessions',
        params: sessionParams,
        response: { 204: noContent, ...authErrors, 404: errorResponse },
      },
    },
    async (request, reply) => {
      const identity = await authenticate(request);
      const ended = await sessions.revokeSession(
        { userId: identity.principal.userId, sessionId: request.params.sessionId },
        requestMeta(request),
      );
      if (!ended) throw new AppError('ECTUS_NOT_FOUND', 'No open session of yours has this id.');
      return reply.code(204).send();
    },
  );
};
