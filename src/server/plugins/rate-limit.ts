import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { errorBody } from './errors.js';

/**
 * Requests per client address and window: one budget for the auth routes (`/api/v1/auth/*`,
 * 100/min by default: they run argon2 and are what guessing attacks hit) and one for the rest of the
 * API. Counters live in Redis when `REDIS_URL` is set, so every instance shares them; in memory
 * otherwise. Health checks and the documentation are not limited.
 */

export interface RateLimitSettings {
  auth: { max: number; windowMs: number };
  api: { max: number; windowMs: number };
  redis: Redis | null;
}

export const AUTH_PREFIX = '/api/v1/auth/';

function groupOf(url: string): 'auth' | 'api' | null {
  if (url.startsWith(AUTH_PREFIX)) return 'auth';
  if (url.startsWith('/api/')) return 'api';
  return null;
}

export async function registerRateLimit(app: FastifyInstance, settings: RateLimitSettings): Promise<void> {
  // Runs before the plugin's own onRoute hook, which reads `config.rateLimit`.
  app.addHook('onRoute', (route) => {
    route.config ??= {};
    if (route.config.rateLimit !== undefined) return;
    const group = groupOf(route.url);
    const limit = group ? settings[group] : null;
    route.config.rateLimit =
      limit && limit.max > 0 ? { max: limit.max, timeWindow: limit.windowMs, groupId: group ?? undefined } : false;
  });
  await app.register(fastifyRateLimit, {
    global: false,
    ...(settings.redis ? { redis: settings.redis, nameSpace: 'ectus:rate-limit:' } : {}),
    // A Redis outage should not take the API down with it; the failure is logged by the store.
    skipOnError: settings.redis !== null,
    errorResponseBuilder: (_request, context) => ({
      statusCode: context.statusCode,
      ...errorBody('ECTUS_RATE_LIMITED', `Too many requests; retry in ${context.after}.`),
    }),
  });
}
