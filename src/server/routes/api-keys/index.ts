import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createApiKey, revokeOwnApiKey } from '../../../auth/api-keys.js';
import { listApiKeys } from '../../../db/repositories/api-keys.js';
import { AppError } from '../../../errors.js';
import { authenticate, requestMeta, requirePermission } from '../../plugins/auth.js';
import { actorOf } from '../request-actor.js';
import { apiKeyList, apiKeyParams, createApiKeyBody, createdApiKey } from './schema.js';

const TAGS = ['api-keys'];

/**
 * Refuses API keys before the permission check, so a key is told that keys cannot do this at all
 * rather than that it lacks a scope (a key with that scope would be refused just the same).
 */
async function refuseApiKeys(request: FastifyRequest): Promise<void> {
  const identity = await authenticate(request);
  if (identity.via !== 'access-token') {
    throw new AppError('ECTUS_FORBIDDEN', 'API keys cannot create API keys; sign in with a password.');
  }
}

/**
 * `/api/v1/api-keys`: the caller's own API keys (`api-keys:manage`, which every built-in role
 * holds). A key is shown once, at creation. Keys cannot create keys: a leaked key must not be able
 * to mint replacements that outlive its revocation.
 */
export const apiKeyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps.database;
  const manage = requirePermission('api-keys:manage');

  app.post(
    '',
    {
      preValidation: [refuseApiKeys, manage],
      schema: {
        tags: TAGS,
        summary: 'Create an API key (the key is in this response only)',
        body: createApiKeyBody,
        response: { 201: createdApiKey },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { name, scopes, expiresAt } = request.body;
      const result = await createApiKey(
        db,
        app.deps.roles.current(),
        { userId: actor.userId, name, scopes, expiresAt: expiresAt ? new Date(expiresAt) : null, now: actor.at },
        requestMeta(request),
      );
      if (result.kind === 'created') return reply.code(201).send({ key: result.key, apiKey: result.apiKey });
      if (result.kind === 'invalid-scopes') {
        throw new AppError('ECTUS_VALIDATION', 'Your role cannot grant some of these scopes.', {
          details: result.scopes.map((scope) => ({
            location: 'body',
            path: '/scopes',
            message: `cannot grant ${scope}`,
          })),
        });
      }
      if (result.kind === 'invalid-expiry') {
        throw new AppError('ECTUS_VALIDATION', 'The expiry must be in the future.', {
          details: [{ location: 'body', path: '/expiresAt', message: 'in the past' }],
        });
      }
      throw new AppError('ECTUS_UNAUTHENTICATED', 'Your account no longer exists.');
    },
  );

  app.get(
    '',
    {
      preValidation: manage,
      schema: { tags: TAGS, summary: 'Your API keys, newest first (revoked ones too)', response: { 200: apiKeyList } },
    },
    async (request) => ({ items: await listApiKeys(db, actorOf(request).userId) }),
  );

  app.delete(
    '/:id',
    {
      preValidation: manage,
      schema: { tags: TAGS, summary: 'Revoke one of your API keys', params: apiKeyParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const revoked = await revokeOwnApiKey(
        db,
        { userId: actor.userId, apiKeyId: request.params.id, now: actor.at },
        actor.meta,
      );
      if (!revoked) throw new AppError('ECTUS_NOT_FOUND', 'You have no such active API key.');
      return reply.code(204).send(null);
    },
  );
};
