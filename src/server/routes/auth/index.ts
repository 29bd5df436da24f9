import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accountRoutes } from './account-routes.js';
import { sessionRoutes } from './session-routes.js';

/**
 * `/api/v1/auth`: sign-up and email verification, password login with lockout, refresh-token
 * rotation, logout (this session or all), password reset and change, the session list, the current
 * user. Every route is under the auth rate limit.
 */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(accountRoutes);
  await app.register(sessionRoutes);
};
