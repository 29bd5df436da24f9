import { and, desc, eq, gte, like, lt, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { auditEvents } from '../schema.js';
import { MAX_PAGE_SIZE } from './common.js';

export type AuditEventRecord = typeof auditEvents.$inferSelect;

export interface AuditEventInput {
  /** Dotted verb, e.g. `auth.login.failed`. */
  action: string;
  at: Date;
  actorUserId?: string | null;
  /** Readable label of the actor at the time (an email, `system`). */
  actor?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown>;
}

export async function recordAuditEvent(db: Database, input: AuditEventInput): Promise<AuditEventRecord> {
  const [row] = await db
    .insert(auditEvents)
    .values({
      // Always from the application clock (millisecond precision), so keyset cursors built from the
      // returned Dates compare exactly.
      at: input.at,
      action: input.action,
      actorUserId: input.actorUserId ?? null,
      actor: input.actor ?? null,
      targetType: input.targetType ?? null,
      targetId: input.targetId ?? null,
      ip: input.ip ?? null,
      userAgent: input.userAgent ?? null,
      requestId: input.requestId ?? null,
      details: input.details ?? {},
    })
    .returning();
  if (!row) throw new Error('INSERT ... RETURNING gave no row');
  return row;
}

export interface AuditQuery {
  actorUserId?: string;
  /** An exact action, or a prefix ending in `.` or `*` (`auth.*` matches every `auth.` action). */
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Events at or after this instant. */
  since?: Date;
  /** Events before this instant. */
  until?: Date;
  /** Continue after this event (the last one of the previous page). */
  after?: { at: Date; id: string };
  limit?: number;
}

/** Newest first, by keyset pagination: pass the last event of a page as `after` for the next. */
export async function listAuditEvents(db: Database, query: AuditQuery = {}): Promise<AuditEventRecord[]> {
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(query.limit ?? 50) || 50));
  return db
    .select()
    .from(auditEvents)
    .where(and(...auditConditions(query)))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(limit);
}

function auditConditions(query: AuditQuery): (SQL | undefined)[] {
  return [
    query.actorUserId === undefined ? undefined : eq(auditEvents.actorUserId, query.actorUserId),
    actionCondition(query.action),
    query.targetType === undefined ? undefined : eq(auditEvents.targetType, query.targetType),
    query.targetId === undefined ? undefined : eq(auditEvents.targetId, query.targetId),
    query.since === undefined ? undefined : gte(auditEvents.at, query.since),
    query.until === undefined ? undefined : lt(auditEvents.at, query.until),
    query.after === undefined
      ? undefined
      : sql`(${auditEvents.at}, ${auditEvents.id}) < (${query.after.at.toISOString()}::timestamptz, ${query.after.id}::uuid)`,
  ];
}

function actionCondition(action: string | undefined): SQL | undefined {
  if (action === undefined) return undefined;
  const prefix = action.endsWith('*') ? action.slice(0, -1) : action.endsWith('.') ? action : undefined;
  if (prefix === undefined) return eq(auditEvents.action, action);
  // LIKE wildcards in the prefix are matched literally.
  return like(auditEvents.action, `${prefix.replace(/[\\%_]/g, (char) => `\\${char}`)}%`);
}
