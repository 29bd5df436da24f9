import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { VERSION } from '../../../version.js';
import { instanceStatus } from './schema.js';

/** `GET /api/v1/status`: what a client needs to know before signing in. */
export const statusRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config, mailer, clock } = app.deps;
  app.get(
    '/status',
    {
      config: { public: true },
      schema: { tags: ['status'], summary: 'Instance version and capabilities', response: { 200: instanceStatus } },
    },
    async () => ({
      status: 'ok' as const,
      version: VERSION,
      apiVersion: 'v1' as const,
      time: clock().toISOString(),
      registration: config.registration,
      email: mailer.enabled,
    }),
  );
};
