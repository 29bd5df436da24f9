import type { RequestMeta } from '../../auth/auth-context.js';
import type { Database } from '../../db/client.js';
import { recordAuditEvent } from '../../db/repositories/audit-events.js';
import { findUserById } from '../../db/repositories/users.js';

/** The audit actions of the platform's resources (the auth services record their own). */
export const PLATFORM_AUDIT_ACTIONS = {
  projectCreate: 'project.create',
  projectDelete: 'project.delete',
  memberAdd: 'project.member.add',
  memberRole: 'project.member.role',
  memberRemove: 'project.member.remove',
  userRole: 'user.role.change',
  userDelete: 'user.delete',
  userDisable: 'user.disabled',
  userEnable: 'user.enabled',
} as const;

/** Who did it, when and from where. */
export interface Actor {
  userId: string;
  at: Date;
  meta: RequestMeta;
}

/**
 * Records what `actor` did. The actor's email is stored with the event, so the record still says
 * who it was after the account is deleted.
 */
export async function recordAction(
  db: Database,
  actor: Actor,
  event: { action: string; targetType: string; targetId: string; details?: Record<string, unknown> },
): Promise<void> {
  const user = await findUserById(db, actor.userId);
  await recordAuditEvent(db, {
    ...event,
    at: actor.at,
    actorUserId: user?.id ?? null,
    actor: user?.email ?? null,
    ip: actor.meta.ip ?? null,
    userAgent: actor.meta.userAgent ?? null,
    requestId: actor.meta.requestId ?? null,
  });
}
