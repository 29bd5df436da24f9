import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiKeyRoutes } from './api-keys/index.js';
import { auditRoutes } from './audit/index.js';
import { authRoutes } from './auth/index.js';
import { healthRoutes } from './health/index.js';
import { projectRoutes } from './projects/index.js';
import { scanRoutes } from './scans/index.js';
import { statusRoutes } from './status/index.js';
import { userRoutes } from './users/index.js';

/**
 * Every route plugin, with the prefix it is mounted under. Explicit on purpose: what the server
 * exposes is read here, not discovered. Each plugin is a folder `routes/<resource>/` with its zod
 * schemas in `schema.ts`; every route in it declares its access (see plugins/auth.ts).
 */
export const ROUTE_MODULES = [
  { prefix: '', plugin: healthRoutes },
  { prefix: '/api/v1', plugin: statusRoutes },
  { prefix: '/api/v1/auth', plugin: authRoutes },
  { prefix: '/api/v1/projects', plugin: projectRoutes },
  { prefix: '/api/v1', plugin: scanRoutes },
  { prefix: '/api/v1/users', plugin: userRoutes },
  { prefix: '/api/v1/audit', plugin: auditRoutes },
  { prefix: '/api/v1/api-keys', plugin: apiKeyRoutes },
] as const satisfies readonly { prefix: string; plugin: FastifyPluginAsyncZod }[];

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  for (const { prefix, plugin } of ROUTE_MODULES) await app.register(plugin, { prefix });
}
