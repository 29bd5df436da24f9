import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findUserById, listUsers, type UserRecord } from '../../../db/repositories/users.js';
import { AppError } from '../../../errors.js';
import { requirePermission } from '../../plugins/auth.js';
import { createUserAdminService } from '../../services/users.js';
import { offsetPage, pageQuery } from '../common-schemas.js';
import { actorOf } from '../request-actor.js';
import { adminUser, updateUserBody, userPage, userParams } from './schema.js';

const TAGS = ['users'];

function view(user: UserRecord) {
  return { ...user, verified: user.verifiedAt !== null, disabled: user.disabledAt !== null };
}

/**
 * `/api/v1/users`: account administration. Reading needs `users:read`; changing a role, disabling,
 * enabling or deleting an account `users:admin` (both only administrators hold, by default).
 */
export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps.database;
  const users = createUserAdminService({ db, catalog: () => app.deps.roles.current() });

  app.get(
    '',
    {
      preValidation: requirePermission('users:read'),
      schema: { tags: TAGS, summary: 'Every user, oldest first', querystring: pageQuery, response: { 200: userPage } },
    },
    async (request) => {
      const page = request.query;
      const rows = await listUsers(db, { limit: page.limit + 1, offset: page.offset });
      return offsetPage(rows.map(view), page);
    },
  );

  app.get(
    '/:id',
    {
      preValidation: requirePermission('users:read'),
      schema: { tags: TAGS, summary: 'A user', params: userParams, response: { 200: adminUser } },
    },
    async (request) => {
      const user = await findUserById(db, request.params.id);
      if (!user) throw new AppError('ECTUS_NOT_FOUND', 'There is no such user.');
      return view(user);
    },
  );

  app.patch(
    '/:id',
    {
      preValidation: requirePermission('users:admin'),
      schema: {
        tags: TAGS,
        summary: "Change a user's instance role or name, or disable or enable the account",
        description:
          '`disabled: true` ends every session of the user and stops their API keys and logins (403 ECTUS_ACCOUNT_DISABLED for the right password); access tokens already issued work until they expire. Nobody disables their own account, and the last active administrator cannot be disabled, demoted or deleted (409 ECTUS_CONFLICT).',
        params: userParams,
        body: updateUserBody,
        response: { 200: adminUser },
      },
    },
    async (request) => view(await users.update(actorOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/:id',
    {
      preValidation: requirePermission('users:admin'),
      schema: {
        tags: TAGS,
        summary: 'Delete an account with its sessions, API keys and memberships',
        params: userParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await users.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
