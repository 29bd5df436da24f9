import { type Permission, PROJECT_PERMISSIONS, type RoleCatalog } from '../../auth/rbac.js';
import type { Database } from '../../db/client.js';
import {
  deleteProject,
  findMemberRole,
  findProjectById,
  insertProject,
  listMembers,
  type ProjectMemberRecord,
  type ProjectRecord,
  removeMember,
  upsertMember,
} from '../../db/repositories/projects.js';
import { findUserByEmail, findUserById } from '../../db/repositories/users.js';
import { AppError } from '../../errors.js';
import { type Actor, PLATFORM_AUDIT_ACTIONS, recordAction } from './audit-trail.js';

/**
 * Projects and their members. Membership rules that the permission check alone cannot express
 * live here: a member can grant (or take away) only roles whose project permissions they hold
 * themselves, and a project always keeps at least one member who can manage its members.
 */

/** The role a project's creator gets in it. */
export const CREATOR_ROLE = 'maintainer';

const SLUG_MAX = 64;

/** `My Service (v2)` → `my-service-v2`: letters without accents, digits and single hyphens. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_MAX)
    .replace(/^-+|-+$/g, '');
}

function notFound(what: string): AppError {
  return new AppError('ECTUS_NOT_FOUND', `There is no such ${what}.`);
}

export interface ProjectServiceOptions {
  db: Database;
  /** The current role catalog (roles can change while the server runs). */
  catalog: () => RoleCatalog;
}

export type ProjectService = ReturnType<typeof createProjectService>;

export function createProjectService(options: ProjectServiceOptions) {
  const { db, catalog } = options;

  function permissionsOf(role: string | null): ReadonlySet<Permission> {
    return (role === null ? undefined : catalog().get(role)) ?? new Set();
  }

  /** Refuses unknown roles, and roles with project permissions that `callerRole` lacks. */
  function checkGrantable(callerRole: string | null, role: string): void {
    if (!catalog().has(role)) {
      throw new AppError('ECTUS_VALIDATION', `There is no role named ${JSON.stringify(role)}.`, {
        details: [{ location: 'body', path: '/role', message: 'unknown role' }],
      });
    }
    const own = permissionsOf(callerRole);
    const beyond = PROJECT_PERMISSIONS.filter(
      (permission) => permissionsOf(role).has(permission) && !own.has(permission),
    );
    if (beyond.length > 0) {
      throw new AppError('ECTUS_FORBIDDEN', `Your role in this project cannot grant or change the role ${role}.`, {
        details: { permissions: beyond },
      });
    }
  }

  /** Refuses a change that would leave the project without a member who can manage members. */
  async function keepAManager(projectId: string, userId: string, newRole: string | null): Promise<void> {
    const manages = (role: string | null) => permissionsOf(role).has('members:write');
    const members = await listMembers(db, projectId);
    const target = members.find((member) => member.userId === userId);
    if (!target || !manages(target.role) || manages(newRole)) return;
    if (members.some((member) => member.userId !== userId && manages(member.role))) return;
    throw new AppError(
      'ECTUS_CONFLICT',
      'This is the last member who can manage the project: give that role to someone else first, or delete the project.',
    );
  }

  async function memberTarget(projectId: string, userId: string): Promise<string> {
    const role = await findMemberRole(db, projectId, userId);
    if (role === null) throw notFound('member in this project');
    return role;
  }

  return {
    /** Creates a project with `actor` as its first member (role `maintainer`). */
    async create(actor: Actor, input: { name: string; slug?: string; description?: string }): Promise<ProjectRecord> {
      const slug = input.slug ?? slugify(input.name);
      if (slug === '') {
        throw new AppError('ECTUS_VALIDATION', 'The name gives no usable slug: send a slug.', {
          details: [{ location: 'body', path: '/slug', message: 'required for this name' }],
        });
      }
      const project = await insertProject(db, {
        slug,
        name: input.name,
        description: input.description ?? '',
        createdBy: actor.userId,
        owner: { userId: actor.userId, role: CREATOR_ROLE },
        now: actor.at,
      });
      if (!project)
        throw new AppError('ECTUS_CONFLICT', `The slug ${JSON.stringify(slug)} is taken.`, { details: { slug } });
      await recordAction(db, actor, {
        action: PLATFORM_AUDIT_ACTIONS.projectCreate,
        targetType: 'project',
        targetId: project.id,
        details: { slug: project.slug, name: project.name },
      });
      return project;
    },

    /** Deletes a project with its members, scans and findings. */
    async remove(actor: Actor, projectId: string): Promise<void> {
      const project = await findProjectById(db, projectId);
      if (!project || !(await deleteProject(db, projectId))) throw notFound('project');
      await recordAction(db, actor, {
        action: PLATFORM_AUDIT_ACTIONS.projectDelete,
        targetType: 'project',
        targetId: project.id,
        details: { slug: project.slug, name: project.name },
      });
    },

    /** Adds a user (by id or email) to a project; a user who is already a member is a conflict. */
    async addMember(
      actor: Actor,
      input: { projectId: string; callerRole: string | null; user: { id: string } | { email: string }; role: string },
    ): Promise<ProjectMemberRecord> {
      checkGrantable(input.callerRole, input.role);
      const user =
        'id' in input.user ? await findUserById(db, input.user.id) : await findUserByEmail(db, input.user.email);
      if (!user) throw notFound('user');
      if ((await findMemberRole(db, input.projectId, user.id)) !== null) {
        throw new AppError('ECTUS_CONFLICT', 'This user is already a member; change their role instead.');
      }
      const member = await upsertMember(db, {
        projectId: input.projectId,
        userId: user.id,
        role: input.role,
        addedBy: actor.userId,
        now: actor.at,
      });
      await recordAction(db, actor, {
        action: PLATFORM_AUDIT_ACTIONS.memberAdd,
        targetType: 'project',
        targetId: input.projectId,
        details: { userId: user.id, email: user.email, role: input.role },
      });
      return member;
    },

    async changeMemberRole(
      actor: Actor,
      input: { projectId: string; callerRole: string | null; userId: string; role: string },
    ): Promise<ProjectMemberRecord> {
      const previous = await memberTarget(input.projectId, input.userId);
      checkGrantable(input.callerRole, previous);
      checkGrantable(input.callerRole, input.role);
      await keepAManager(input.projectId, input.userId, input.role);
      const member = await upsertMember(db, {
        projectId: input.projectId,
        userId: input.userId,
        role: input.role,
        addedBy: actor.userId,
        now: actor.at,
      });
      await recordAction(db, actor, {
        action: PLATFORM_AUDIT_ACTIONS.memberRole,
        targetType: 'project',
        targetId: input.projectId,
        details: { userId: input.userId, from: previous, to: input.role },
      });
      return member;
    },

    async removeMember(
      actor: Actor,
      input: { projectId: string; callerRole: string | null; userId: string },
    ): Promise<void> {
      const previous = await memberTarget(input.projectId, input.userId);
      // Leaving a project is always allowed; removing someone else needs their role to be grantable.
      if (input.userId !== actor.userId) checkGrantable(input.callerRole, previous);
      await keepAManager(input.projectId, input.userId, null);
      if (!(await removeMember(db, input.projectId, input.userId))) throw notFound('member in this project');
      await recordAction(db, actor, {
        action: PLATFORM_AUDIT_ACTIONS.memberRemove,
        targetType: 'project',
        targetId: input.projectId,
        details: { userId: input.userId, role: previous },
      });
    },
  };
}
