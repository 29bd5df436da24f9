import fastifyCors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import { securityHeaders } from '../security-headers.js';

/**
 * Response security headers (Helmet's defaults: CSP, HSTS, no sniffing, frame denial..., computed
 * once: see security-headers.ts) and CORS from an allow-list. Only listed origins get CORS headers
 * (with credentials, for the refresh cookie); any other origin gets none, so browsers keep its
 * scripts away from the answers. An empty list allows no cross-origin caller: the dashboard is
 * served from the same origin.
 */
export async function registerHttpSecurity(app: FastifyInstance, corsOrigins: readonly string[]): Promise<void> {
  const headers = securityHeaders({
    // The API answers JSON; the documentation page sets its own policy (see openapi.ts).
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  const allowed = new Set(corsOrigins);
  await app.register(fastifyCors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
    maxAge: 600,
  });
}
