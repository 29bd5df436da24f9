import type { RoleCatalog } from '../../auth/rbac.js';
import type { Database } from '../../db/client.js';
import { countUsers, deleteUser, findUserById, type UserRecord, updateUser } from '../../db/repositories/users.js';
import { AppError } from '../../errors.js';
import { type Actor, PLATFORM_AUDIT_ACTIONS, recordAction } from './audit-trail.js';

/**
 * Administration of accounts: role changes and deletion, audited, and never leaving the instance
 * without an administrator.
 */

const ADMIN_ROLE = 'admin';

export interface UserAdminOptions {
  db: Database;
  catalog: () => RoleCatalog;
}

export type UserAdminService = ReturnType<typeof createUserAdminService>;

export function createUserAdminService(options: UserAdminOptions) {
  const { db, catalog } = options;

  async function existing(userId: string): Promise<UserRecord> {
    const user = await findUserById(db, userId);
    if (!user) throw new AppError('ECTUS_NOT_FOUND', 'There is no such user.');
    return user;
  }

  /** Refuses to take the administrator role away from the last administrator. */
  async function keepAnAdmin(user: UserRecord, what: string): Promise<void> {
    if (user.role === ADMIN_ROLE && (await countUsers(db, ADMIN_ROLE)) <= 1) {
      throw new AppError(
        'ECTUS_CONFLICT',
        `This is the last administrator: ${what} would leave the instance without one.`,
      );
    }
  }

  return {
    /**
     * Renames a user or changes their instance role. A new role reaches the user's access tokens at
     * their next refresh (tokens carry the role they were issued with).
     */
    async update(actor: Actor, userId: string, changes: { role?: string; name?: string }): Promise<UserRecord> {
      const user = await existing(userId);
      const role = changes.role;
      if (role !== undefined && !catalog().has(role)) {
        throw new AppError('ECTUS_VALIDATION', `There is no role named ${JSON.stringify(role)}.`, {
          details: [{ location: 'body', path: '/role', message: 'unknown role' }],
        });
      }
      const roleChanges = role !== undefined && role !== user.role;
      if (roleChanges && role !== ADMIN_ROLE) await keepAnAdmin(user, 'changing their role');
      const updated = await updateUser(db, userId, changes, actor.at);
      if (!updated) throw new AppError('ECTUS_NOT_FOUND', 'There is no such user.');
      if (roleChanges) {
        await recordAction(db, actor, {
          action: PLATFORM_AUDIT_ACTIONS.userRole,
          targetType: 'user',
          targetId: userId,
          details: { email: user.email, from: user.role, to: role },
        });
      }
      return updated;
    },

    /** Deletes an account with its sessions, keys and memberships (audit events keep its email). */
    async remove(actor: Actor, userId: string): Promise<void> {
      const user = await existing(userId);
      if (user.id === actor.userId) {
        throw new AppError('ECTUS_CONFLICT', 'You cannot delete your own account here; ask another administrator.');
      }
      await keepAnAdmin(user, 'deleting them');
      if (!(await deleteUser(db, userId))) throw new AppError('ECTUS_NOT_FOUND', 'There is no such user.');
      await recordAction(db, actor, {
        action: PLATFORM_AUDIT_ACTIONS.userDelete,
        targetType: 'user',
        targetId: userId,
        details: { email: user.email, role: user.role },
      });
    },
  };
}
