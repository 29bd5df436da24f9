import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ServerDeps } from './deps.js';
import { createLogger } from './logger.js';
import { registerAuth } from './plugins/auth.js';
import { registerErrorHandling } from './plugins/errors.js';
import { registerHttpSecurity } from './plugins/http-security.js';
import { registerOpenApi } from './plugins/openapi.js';
import { registerRateLimit } from './plugins/rate-limit.js';
import { requestLoggerFactory } from './request-logger.js';
import { compileResponseSerializer } from './response-serializer.js';
import { registerRoutes } from './routes/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The services the routes use (see `ServerDeps`). */
    deps: ServerDeps;
  }
}

export interface AppOptions {
  /** The request logger (default: JSON to standard output at the configured level). */
  logger?: Logger;
}

export type App = FastifyInstance;

/** An incoming `x-request-id` is kept when it is short and plain (it ends up in logs). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * Builds the HTTP application: the cross-cutting plugins (errors, request ids, security headers,
 * CORS, rate limits, authentication, OpenAPI), then every route module of `routes/index.ts`. Does
 * not listen (`ectus serve` does; tests use `app.inject()`, which readies the app). Closing the app
 * drains the outbox but leaves the database, the mailer and Redis to their owner.
 *
 * @example
 * const app = await buildApp(deps);
 * await app.listen({ port: 3000, host: '127.0.0.1' });
 */
export async function buildApp(deps: ServerDeps, options: AppOptions = {}): Promise<App> {
  const { config } = deps;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    childLoggerFactory: requestLoggerFactory,
    genReqId: (request) => requestId(request.headers['x-request-id']),
    requestIdHeader: false,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy as boolean | string[],
    exposeHeadRoutes: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    // Keep-alive connections that are idle would hold `close()` up for their timeout.
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 200 },
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(({ schema, method, url }) => {
    if (!(schema instanceof z.ZodType)) throw new Error(`${method} ${url}: response schemas are zod schemas.`);
    return compileResponseSerializer(schema);
  });
  app.decorate('deps', deps);
  // Hooks on every request take `done` rather than being async: a promise per hook per request
  // is measurable on the busiest routes.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  // Graceful shutdown: answers given while closing end their keep-alive connection, so a request
  // in flight at SIGTERM gets its answer and its connection does not hold `close()` up.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('onClose', async () => {
    await deps.outbox.drain();
  });
  // A JSON API: bodies are JSON (route modules that take uploads add their own parsers).
  app.removeContentTypeParser('text/plain');

  registerErrorHandling(app);
  registerAuth(app);
  await registerHttpSecurity(app, config.corsOrigins);
  await registerRateLimit(app, { auth: config.rateLimitAuth, api: config.rateLimitApi, redis: deps.redis });
  await registerOpenApi(app, config.publicUrl);
  await registerRoutes(app);
  return app;
}
