import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { toPublicUser } from '../../../auth/public-user.js';
import { findUserByEmail, findUserById } from '../../../db/repositories/users.js';
import { AppError } from '../../../errors.js';
import { accountExistsMail, passwordResetMail, verificationMail } from '../../emails.js';
import { authenticate, requestMeta, requireUser } from '../../plugins/auth.js';
import { clearRefreshCookie, invalidCredentials, invalidField, passwordRejected } from './replies.js';
import {
  accepted,
  authErrors,
  changePasswordBody,
  emailBody,
  registerBody,
  resetPasswordBody,
  sessionsEnded,
  tokenBody,
  tokenQuery,
  userJson,
  userResponse,
} from './schema.js';

const tags = ['auth'];

const CHECK_EMAIL = {
  status: 'accepted' as const,
  message: 'If the address can receive it, a message is on its way; follow its link.',
};

/** Features that send links need a working mailer; say so before doing anything. */
function requireEmail(request: FastifyRequest): void {
  if (!request.server.deps.mailer.enabled) {
    throw new AppError('ECTUS_EMAIL_UNAVAILABLE', 'This server cannot send email; ask an administrator.');
  }
}

/** Sign-up, email verification, password reset and change, the current user: `/api/v1/auth/...`. */
export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  const { accounts, config, outbox, clock, database } = app.deps;

  app.post(
    '/register',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Sign up',
        description:
          'Answers 202 and emails a verification link. An address that already has an account gets the same answer (and an email saying so), so sign-up does not reveal who has an account.',
        body: registerBody,
        response: { 202: accepted, ...authErrors },
      },
    },
    async (request, reply) => {
      if (config.registration === 'closed') {
        throw new AppError('ECTUS_FORBIDDEN', 'Sign-up is closed on this server; ask an administrator for an account.');
      }
      requireEmail(request);
      const result = await accounts.register(request.body, requestMeta(request));
      if (result.kind === 'invalid-input') throw invalidField(result.field);
      if (result.kind === 'password-rejected') throw passwordRejected(result.problem);
      const to = request.body.email;
      if (result.kind === 'email-taken') outbox.enqueue(accountExistsMail(config.publicUrl, to));
      else if (result.verification) {
        outbox.enqueue(verificationMail(config.publicUrl, result.user.email, result.verification, clock()));
      }
      return reply.code(202).send(CHECK_EMAIL);
    },
  );

  const verify = async (token: string, request: FastifyRequest) => {
    const result = await accounts.verifyEmail(token, requestMeta(request));
    if (result.kind !== 'verified') {
      throw new AppError('ECTUS_LINK_INVALID', 'This link is not valid any more; ask for a new one.');
    }
    return { user: userJson(result.user) };
  };
  const verifySchema = { tags, summary: 'Confirm an email address', response: { 200: userResponse, ...authErrors } };
  app.post('/verify-email', { config: { public: true }, schema: { ...verifySchema, body: tokenBody } }, (request) =>
    verify(request.body.token, request),
  );
  // The link in the email: opening it verifies (a mail scanner that follows it proves nothing worse).
  app.get(
    '/verify-email',
    { config: { public: true }, schema: { ...verifySchema, querystring: tokenQuery } },
    (request) => verify(request.query.token, request),
  );

  app.post(
    '/resend-verification',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Send a new verification link',
        body: emailBody,
        response: { 202: accepted, ...authErrors },
      },
    },
    async (request, reply) => {
      requireEmail(request);
      const email = request.body.email;
      // Looked up in the background, so the answer's timing says nothing about the address.
      outbox.enqueue(async () => {
        const user = await findUserByEmail(database.db, email);
        const link = user ? await accounts.issueEmailVerification(user.id) : null;
        return user && link ? verificationMail(config.publicUrl, user.email, link, clock()) : null;
      });
      return reply.code(202).send(CHECK_EMAIL);
    },
  );

  app.post(
    '/forgot-password',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Email a password-reset link',
        description: 'Answers 202 whether or not the address has an account.',
        body: emailBody,
        response: { 202: accepted, ...authErrors },
      },
    },
    async (request, reply) => {
      requireEmail(request);
      const meta = requestMeta(request);
      const email = request.body.email;
      outbox.enqueue(async () => {
        const result = await accounts.requestPasswordReset({ email }, meta);
        return result.kind === 'reset-requested'
          ? passwordResetMail(config.publicUrl, result.user.email, result.reset, clock())
          : null;
      });
      return reply.code(202).send(CHECK_EMAIL);
    },
  );

  app.post(
    '/reset-password',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Set a new password with the token of a reset link',
        description: 'Ends every session of the account.',
        body: resetPasswordBody,
        response: { 200: sessionsEnded, ...authErrors },
      },
    },
    async (request, reply) => {
      const result = await accounts.resetPassword(request.body, requestMeta(request));
      if (result.kind === 'password-rejected') throw passwordRejected(result.problem);
      if (result.kind === 'invalid-token') {
        throw new AppError('ECTUS_LINK_INVALID', 'This reset link is not valid any more; ask for a new one.');
      }
      clearRefreshCookie(request, reply);
      return { sessionsEnded: result.sessionsEnded };
    },
  );

  app.post(
    '/change-password',
    {
      preValidation: requireUser({ sessionOnly: true }),
      schema: {
        tags,
        summary: 'Change the password',
        description: 'Needs the current password; every other session of the user ends.',
        body: changePasswordBody,
        response: { 200: sessionsEnded, ...authErrors },
      },
    },
    async (request) => {
      const identity = await authenticate(request);
      const result = await accounts.changePassword(
        {
          userId: identity.principal.userId,
          sessionId: identity.via === 'access-token' ? identity.sessionId : undefined,
          ...request.body,
        },
        requestMeta(request),
      );
      if (result.kind === 'invalid-credentials') throw invalidCredentials();
      if (result.kind === 'password-rejected') throw passwordRejected(result.problem);
      return { sessionsEnded: result.sessionsEnded };
    },
  );

  app.get(
    '/me',
    {
      preValidation: requireUser(),
      schema: { tags, summary: 'The signed-in user', response: { 200: userResponse, ...authErrors } },
    },
    async (request) => {
      const identity = await authenticate(request);
      const user = await findUserById(database.db, identity.principal.userId);
      if (!user) throw new AppError('ECTUS_TOKEN_INVALID', 'This account no longer exists.');
      return { user: userJson(toPublicUser(user)) };
    },
  );
};
