import { sql } from 'drizzle-orm';
import type { RoleCatalog } from '../../auth/rbac.js';
import type { Database } from '../../db/client.js';
import { revokeUserSessions } from '../../db/repositories/sessions.js';
import {
  countActiveUsers,
  deleteUser,
  findUserById,
  setUserDisabled,
  type UserRecord,
  updateUser,
} from '../../db/repositories/users.js';
import { AppError } from '../../errors.js';
import { type Actor, PLATFORM_AUDIT_ACTIONS, recordAction } from './audit-trail.js';

/**
 * Administration of accounts: role changes, disabling and deletion, audited, and never leaving the
 * instance without an administrator who can sign in.
 *
 * Each change runs in one transaction that first takes a transaction-scoped advisory lock, so two
 * administrators acting at once (say, disabling each other) are serialised and the second sees the
 * first's result when it counts the remaining administrators.
 */

const ADMIN_ROLE = 'admin';

/** An arbitrary fixed key pair for `pg_advisory_xact_lock`: "ectus" and "users" as numbers. */
const LOCK_KEY = [0x65637475, 0x75736572] as const;

export interface UserAdminOptions {
  db: Database;
  catalog: () => RoleCatalog;
}

export interface UserChanges {
  role?: string;
  name?: string;
  /** `true` disables the account (ending its sessions), `false` enables it again. */
  disabled?: boolean;
}

export type UserAdminService = ReturnType<typeof createUserAdminService>;

/**
 * @example
 * const users = createUserAdminService({ db, catalog: () => roles.current() });
 * await users.update(actorOf(request), userId, { disabled: true });
 */
export function createUserAdminService(options: UserAdminOptions) {
  const { db, catalog } = options;

  /**
   * Runs `work` under the user-administration lock, after checking that the acting administrator
   * still exists and is enabled: an access token outlives the account's disabling by up to its lifetime, and
   * it must not be enough to re-enable oneself or to act on other accounts.
   */
  function administer<T>(actor: Actor, work: (tx: Database) => Promise<T>): Promise<T> {
    return db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK_KEY[0]}, ${LOCK_KEY[1]})`);
      const acting = await findUserById(tx, actor.userId);
      if (!acting) throw new AppError('ECTUS_TOKEN_INVALID', 'This account no longer exists.');
      if (acting.disabledAt !== null) {
        throw new AppError('ECTUS_ACCOUNT_DISABLED', 'Your account is disabled; ask another administrator.');
      }
      return work(tx);
    });
  }

  async function existing(tx: Database, userId: string): Promise<UserRecord> {
    const user = await findUserById(tx, userId);
    if (!user) throw new AppError('ECTUS_NOT_FOUND', 'There is no such user.');
    return user;
  }

  /** Refuses to take the last enabled administrator away (by a role change, disabling or deletion). */
  async function keepAnAdmin(tx: Database, user: UserRecord, what: string): Promise<void> {
    if (user.role !== ADMIN_ROLE || user.disabledAt !== null) return;
    if ((await countActiveUsers(tx, ADMIN_ROLE)) <= 1) {
      throw new AppError(
        'ECTUS_CONFLICT',
        `This is the last active administrator: ${what} would leave the instance without one.`,
        { details: { reason: 'last-admin' } },
      );
    }
  }

  return {
    /**
     * Renames a user, changes their instance role, or disables or enables their account. A new role
     * reaches the user's access tokens at their next refresh (tokens carry the role they were issued
     * with). Disabling ends every session in the same transaction; access tokens already issued
     * stay valid until they expire.
     */
    async update(actor: Actor, userId: string, changes: UserChanges): Promise<UserRecord> {
      const role = changes.role;
      if (role !== undefined && !catalog().has(role)) {
        throw new AppError('ECTUS_VALIDATION', `There is no role named ${JSON.stringify(role)}.`, {
          details: [{ location: 'body', path: '/role', message: 'unknown role' }],
        });
      }
      return administer(actor, async (tx) => {
        const user = await existing(tx, userId);
        const roleChanges = role !== undefined && role !== user.role;
        const disabling = changes.disabled === true && user.disabledAt === null;
        const enabling = changes.disabled === false && user.disabledAt !== null;
        if (disabling && user.id === actor.userId) {
          throw new AppError('ECTUS_CONFLICT', 'You cannot disable your own account; ask another administrator.', {
            details: { reason: 'self' },
          });
        }
        if (disabling) await keepAnAdmin(tx, user, 'disabling them');
        else if (roleChanges && role !== ADMIN_ROLE) await keepAnAdmin(tx, user, 'changing their role');
        let updated = await updateUser(tx, userId, { name: changes.name, role: changes.role }, actor.at);
        if (updated && (disabling || enabling)) updated = await setUserDisabled(tx, userId, disabling, actor.at);
        if (!updated) throw new AppError('ECTUS_NOT_FOUND', 'There is no such user.');
        if (roleChanges) {
          await recordAction(tx, actor, {
            action: PLATFORM_AUDIT_ACTIONS.userRole,
            targetType: 'user',
            targetId: userId,
            details: { email: user.email, from: user.role, to: role },
          });
        }
        if (disabling) {
          const sessionsEnded = await revokeUserSessions(tx, userId, 'account-disabled', actor.at);
          await recordAction(tx, actor, {
            action: PLATFORM_AUDIT_ACTIONS.userDisable,
            targetType: 'user',
            targetId: userId,
            details: { email: user.email, role: updated.role, sessionsEnded },
          });
        }
        if (enabling) {
          await recordAction(tx, actor, {
            action: PLATFORM_AUDIT_ACTIONS.userEnable,
            targetType: 'user',
            targetId: userId,
            details: { email: user.email, role: updated.role, disabledAt: user.disabledAt?.toISOString() ?? null },
          });
        }
        return updated;
      });
    },

    /** Deletes an account with its sessions, keys and memberships (audit events keep its email). */
    async remove(actor: Actor, userId: string): Promise<void> {
      await administer(actor, async (tx) => {
        const user = await existing(tx, userId);
        if (user.id === actor.userId) {
          throw new AppError('ECTUS_CONFLICT', 'You cannot delete your own account here; ask another administrator.', {
            details: { reason: 'self' },
          });
        }
        await keepAnAdmin(tx, user, 'deleting them');
        if (!(await deleteUser(tx, userId))) throw new AppError('ECTUS_NOT_FOUND', 'There is no such user.');
        await recordAction(tx, actor, {
          action: PLATFORM_AUDIT_ACTIONS.userDelete,
          targetType: 'user',
          targetId: userId,
          details: { email: user.email, role: user.role },
        });
      });
    },
  };
}
