import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { migrationStatus, readMigrations } from '../../../db/migrate.js';
import { liveness, readiness } from './schema.js';

/**
 * `/health`: the process answers (liveness; no dependency is checked, so a database outage does
 * not get the process restarted). `/ready`: the database answers and every migration of this
 * version is applied (readiness: route traffic here).
 */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const migrations = await readMigrations();
  const { database } = app.deps;

  app.get('/health', { config: { public: true }, schema: { hide: true, response: { 200: liveness } } }, async () => ({
    status: 'ok' as const,
  }));

  app.get(
    '/ready',
    { config: { public: true }, schema: { hide: true, response: { 200: readiness, 503: readiness } } },
    async (request, reply) => {
      try {
        await database.ping();
      } catch (error) {
        request.log.warn({ err: error }, 'readiness: the database does not answer');
        return reply
          .code(503)
          .send({ status: 'not-ready', checks: { database: 'unreachable', migrations: 'unknown' }, pending: [] });
      }
      const status = await migrationStatus(database.db, migrations);
      const ready = status.pending.length === 0;
      return reply.code(ready ? 200 : 503).send({
        status: ready ? 'ready' : 'not-ready',
        checks: { database: 'ok', migrations: ready ? 'ok' : 'pending' },
        pending: status.pending,
      });
    },
  );
};
