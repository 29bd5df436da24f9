import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listAuditEvents } from '../../../db/repositories/audit-events.js';
import { isUuid } from '../../../db/repositories/common.js';
import { AppError } from '../../../errors.js';
import { requirePermission } from '../../plugins/auth.js';
import { auditPage, auditQuery } from './schema.js';

/**
 * Keyset cursors: the instant and id of the last event of a page, so a page stays correct while
 * new events arrive (offsets would shift).
 */
export function encodeCursor(event: { at: Date; id: string }): string {
  return Buffer.from(JSON.stringify([event.at.toISOString(), event.id])).toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: string } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  if (Array.isArray(decoded) && decoded.length === 2) {
    const [at, id] = decoded as unknown[];
    const date = typeof at === 'string' ? new Date(at) : new Date(Number.NaN);
    if (!Number.isNaN(date.getTime()) && typeof id === 'string' && isUuid(id)) return { at: date, id };
  }
  throw new AppError('ECTUS_VALIDATION', 'The cursor is not one this API gave out.', {
    details: [{ location: 'querystring', path: '/cursor', message: 'invalid cursor' }],
  });
}

/** `GET /api/v1/audit`: the audit log, newest first, filtered and paged by cursor (`audit:read`). */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps.database;

  app.get(
    '',
    {
      preValidation: requirePermission('audit:read'),
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first: who did what, to what, when and from where',
        querystring: auditQuery,
        response: { 200: auditPage },
      },
    },
    async (request) => {
      const { cursor, since, until, limit, ...filters } = request.query;
      const rows = await listAuditEvents(db, {
        ...filters,
        since: since === undefined ? undefined : new Date(since),
        until: until === undefined ? undefined : new Date(until),
        after: cursor === undefined ? undefined : decodeCursor(cursor),
        limit: limit + 1,
      });
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
    },
  );
};
