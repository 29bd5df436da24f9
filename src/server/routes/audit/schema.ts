import { z } from 'zod';

export const auditQuery = z.object({
  /** Events by this user. */
  actorUserId: z.uuid().optional(),
  /** An exact action (`project.delete`) or a prefix ending in `.` or `*` (`auth.*`). */
  action: z.string().min(1).max(100).optional(),
  targetType: z.string().min(1).max(100).optional(),
  targetId: z.string().min(1).max(200).optional(),
  /** Events at or after this instant (ISO 8601). */
  since: z.iso.datetime({ offset: true }).optional(),
  /** Events before this instant. */
  until: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** `nextCursor` of the previous page. */
  cursor: z.string().min(1).max(200).optional(),
});

export const auditEvent = z.object({
  id: z.string(),
  at: z.date(),
  actorUserId: z.string().nullable(),
  actor: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

export const auditPage = z.object({
  items: z.array(auditEvent),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
