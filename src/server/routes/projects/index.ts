import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Permission } from '../../../auth/rbac.js';
import {
  findProjectById,
  listMembers,
  listProjects,
  listProjectsForUser,
  type ProjectRecord,
  updateProject,
} from '../../../db/repositories/projects.js';
import { AppError } from '../../../errors.js';
import { requirePermission, requireUser } from '../../plugins/auth.js';
import { createProjectService } from '../../services/projects.js';
import { offsetPage, pageQuery } from '../common-schemas.js';
import { actorOf } from '../request-actor.js';
import {
  addMemberBody,
  changeMemberBody,
  createProjectBody,
  memberList,
  memberParams,
  project,
  projectPage,
  projectParams,
  updateProjectBody,
} from './schema.js';

const TAGS = ['projects'];
const byId = { projectParam: 'id' } as const;

/** An API key limited to other scopes cannot list projects, as it could not read them one by one. */
function requireScope(request: FastifyRequest, permission: Permission): void {
  const scopes = request.identity?.principal.scopes;
  if (scopes && !scopes.includes(permission)) {
    throw new AppError('ECTUS_FORBIDDEN', `This API key lacks the ${permission} scope.`, { details: { permission } });
  }
}

function notFound(): AppError {
  return new AppError('ECTUS_NOT_FOUND', 'There is no such project.');
}

function withRole(record: ProjectRecord, role: string | null) {
  return { ...record, role };
}

/**
 * `/api/v1/projects`: projects (list, create, read, update, delete) and their members. Each
 * project route needs a permission in that project, from the caller's membership role there
 * (administrators hold every permission everywhere); creating a project needs `projects:create`.
 */
export const projectRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps.database;
  const projects = createProjectService({ db, catalog: () => app.deps.roles.current() });

  app.get(
    '',
    {
      preValidation: requireUser(),
      schema: {
        tags: TAGS,
        summary: "The caller's projects (every project, for administrators)",
        querystring: pageQuery,
        response: { 200: projectPage },
      },
    },
    async (request) => {
      requireScope(request, 'projects:read');
      const { principal } = request.identity!;
      const page = request.query;
      const fetch = { limit: page.limit + 1, offset: page.offset };
      // One indexed query either way: all projects by creation date, or the caller's memberships.
      const rows =
        principal.role === 'admin'
          ? (await listProjects(db, fetch)).map((record) => withRole(record, 'admin'))
          : await listProjectsForUser(db, principal.userId, fetch);
      return offsetPage(rows, page);
    },
  );

  app.post(
    '',
    {
      preValidation: requirePermission('projects:create'),
      schema: {
        tags: TAGS,
        summary: 'Create a project (the caller becomes its maintainer)',
        body: createProjectBody,
        response: { 201: project },
      },
    },
    async (request, reply) => {
      const created = await projects.create(actorOf(request), request.body);
      return reply.code(201).send(withRole(created, 'maintainer'));
    },
  );

  app.get(
    '/:id',
    {
      preValidation: requirePermission('projects:read', byId),
      schema: { tags: TAGS, summary: 'A project', params: projectParams, response: { 200: project } },
    },
    async (request) => {
      const found = await findProjectById(db, request.params.id);
      if (!found) throw notFound();
      return withRole(found, request.projectRole);
    },
  );

  app.patch(
    '/:id',
    {
      preValidation: requirePermission('projects:write', byId),
      schema: {
        tags: TAGS,
        summary: 'Rename a project or change its description (the slug stays)',
        params: projectParams,
        body: updateProjectBody,
        response: { 200: project },
      },
    },
    async (request) => {
      const updated = await updateProject(db, request.params.id, request.body, app.deps.clock());
      if (!updated) throw notFound();
      return withRole(updated, request.projectRole);
    },
  );

  app.delete(
    '/:id',
    {
      preValidation: requirePermission('projects:delete', byId),
      schema: {
        tags: TAGS,
        summary: 'Delete a project with its members, scans and findings',
        params: projectParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await projects.remove(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/:id/members',
    {
      preValidation: requirePermission('members:read', byId),
      schema: { tags: TAGS, summary: "A project's members", params: projectParams, response: { 200: memberList } },
    },
    async (request) => {
      if (!(await findProjectById(db, request.params.id))) throw notFound();
      return { items: await listMembers(db, request.params.id) };
    },
  );

  app.post(
    '/:id/members',
    {
      preValidation: requirePermission('members:write', byId),
      schema: {
        tags: TAGS,
        summary: 'Add a member (by user id or email) with a role',
        params: projectParams,
        body: addMemberBody,
        response: { 201: memberList.shape.items.element },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!(await findProjectById(db, id))) throw notFound();
      const { userId, email, role } = request.body;
      await projects.addMember(actorOf(request), {
        projectId: id,
        callerRole: request.projectRole,
        user: userId !== undefined ? { id: userId } : { email: email ?? '' },
        role,
      });
      return reply.code(201).send(await memberView(id, userId, email));
    },
  );

  /** The member as lists show it (with email and name). */
  async function memberView(projectId: string, userId: string | undefined, email: string | undefined) {
    const members = await listMembers(db, projectId);
    const found = members.find(
      (member) =>
        member.userId === userId || (email !== undefined && member.email.toLowerCase() === email.toLowerCase()),
    );
    if (!found) throw new AppError('ECTUS_NOT_FOUND', 'There is no such member in this project.');
    return found;
  }

  app.patch(
    '/:id/members/:userId',
    {
      preValidation: requirePermission('members:write', byId),
      schema: {
        tags: TAGS,
        summary: "Change a member's role",
        params: memberParams,
        body: changeMemberBody,
        response: { 200: memberList.shape.items.element },
      },
    },
    async (request) => {
      const { id, userId } = request.params;
      await projects.changeMemberRole(actorOf(request), {
        projectId: id,
        callerRole: request.projectRole,
        userId,
        role: request.body.role,
      });
      return memberView(id, userId, undefined);
    },
  );

  app.delete(
    '/:id/members/:userId',
    {
      preValidation: requirePermission('members:write', byId),
      schema: {
        tags: TAGS,
        summary: 'Remove a member from a project',
        params: memberParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const { id, userId } = request.params;
      await projects.removeMember(actorOf(request), { projectId: id, callerRole: request.projectRole, userId });
      return reply.code(204).send(null);
    },
  );
};
