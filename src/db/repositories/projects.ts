import { and, asc, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { projectMembers, projects, users } from '../schema.js';
import { isUuid, type PageRequest, pageBounds } from './common.js';
import { prepared } from './prepared.js';

export type ProjectRecord = typeof projects.$inferSelect;
export type ProjectMemberRecord = typeof projectMembers.$inferSelect;

/** A project as seen by one of its members: the project and that member's role in it. */
export type ProjectWithRole = ProjectRecord & { role: string };

/** A member with the user's email and name, for member lists. */
export interface MemberView {
  userId: string;
  email: string;
  name: string;
  role: string;
  addedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewProject {
  slug: string;
  name: string;
  description?: string;
  createdBy: string | null;
  /** Made a member with this role in the same transaction (the creator, usually as maintainer). */
  owner?: { userId: string; role: string };
  now: Date;
}

/** Creates a project (and its first member); `null` when the slug is taken. */
export async function insertProject(db: Database, input: NewProject): Promise<ProjectRecord | null> {
  return db.transaction(async (tx) => {
    const [project] = await tx
      .insert(projects)
      .values({
        slug: input.slug,
        name: input.name,
        description: input.description ?? '',
        createdBy: input.createdBy,
        createdAt: input.now,
        updatedAt: input.now,
      })
      .onConflictDoNothing()
      .returning();
    if (!project) return null;
    if (input.owner) {
      await tx.insert(projectMembers).values({
        projectId: project.id,
        userId: input.owner.userId,
        role: input.owner.role,
        addedBy: input.createdBy,
        createdAt: input.now,
        updatedAt: input.now,
      });
    }
    return project;
  });
}

export async function findProjectById(db: Database, id: string): Promise<ProjectRecord | null> {
  if (!isUuid(id)) return null;
  const rows = await db.select().from(projects).where(eq(projects.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function findProjectBySlug(db: Database, slug: string): Promise<ProjectRecord | null> {
  const rows = await db.select().from(projects).where(eq(projects.slug, slug)).limit(1);
  return rows[0] ?? null;
}

/** Every project, newest first (for administrators). */
export async function listProjects(db: Database, page?: PageRequest): Promise<ProjectRecord[]> {
  const query = prepared(db, 'ectus_list_projects', (db) =>
    db
      .select()
      .from(projects)
      .orderBy(desc(projects.createdAt), desc(projects.id))
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare('ectus_list_projects'),
  );
  return query.execute(pageBounds(page));
}

/** The projects `userId` is a member of, newest first, with the user's role in each. */
export async function listProjectsForUser(
  db: Database,
  userId: string,
  page?: PageRequest,
): Promise<ProjectWithRole[]> {
  // The project list is the API's busiest read: prepared, so it costs one round trip and no SQL
  // building, and selected flat, so rows come out in their final shape.
  const query = prepared(db, 'ectus_list_projects_for_user', (db) =>
    db
      .select({ ...getTableColumns(projects), role: projectMembers.role })
      .from(projectMembers)
      .innerJoin(projects, eq(projects.id, projectMembers.projectId))
      .where(eq(projectMembers.userId, sql.placeholder('userId')))
      .orderBy(desc(projects.createdAt), desc(projects.id))
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare('ectus_list_projects_for_user'),
  );
  return query.execute({ userId, ...pageBounds(page) });
}

/** Renames or re-describes a project; `null` when there is no such project. */
export async function updateProject(
  db: Database,
  id: string,
  changes: { name?: string; description?: string },
  now: Date,
): Promise<ProjectRecord | null> {
  if (!isUuid(id)) return null;
  const rows = await db
    .update(projects)
    .set({ name: changes.name, description: changes.description, updatedAt: now })
    .where(eq(projects.id, id))
    .returning();
  return rows[0] ?? null;
}

/** Deletes a project with its members, scans, findings and generations. */
export async function deleteProject(db: Database, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const rows = await db.delete(projects).where(eq(projects.id, id)).returning({ id: projects.id });
  return rows.length > 0;
}

/** `userId`'s role in the project, or `null` when not a member. */
export async function findMemberRole(db: Database, projectId: string, userId: string): Promise<string | null> {
  if (!isUuid(projectId) || !isUuid(userId)) return null;
  const rows = await db
    .select({ role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)))
    .limit(1);
  return rows[0]?.role ?? null;
}

/** Adds a member or changes an existing member's role. */
export async function upsertMember(
  db: Database,
  input: { projectId: string; userId: string; role: string; addedBy: string | null; now: Date },
): Promise<ProjectMemberRecord> {
  const [row] = await db
    .insert(projectMembers)
    .values({
      projectId: input.projectId,
      userId: input.userId,
      role: input.role,
      addedBy: input.addedBy,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .onConflictDoUpdate({
      target: [projectMembers.projectId, projectMembers.userId],
      set: { role: input.role, updatedAt: input.now },
    })
    .returning();
  if (!row) throw new Error('INSERT ... RETURNING gave no row');
  return row;
}

export async function removeMember(db: Database, projectId: string, userId: string): Promise<boolean> {
  if (!isUuid(projectId) || !isUuid(userId)) return false;
  const rows = await db
    .delete(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)))
    .returning({ userId: projectMembers.userId });
  return rows.length > 0;
}

/** A project's members in the order they joined. */
export async function listMembers(db: Database, projectId: string): Promise<MemberView[]> {
  if (!isUuid(projectId)) return [];
  return db
    .select({
      userId: projectMembers.userId,
      email: users.email,
      name: users.name,
      role: projectMembers.role,
      addedBy: projectMembers.addedBy,
      createdAt: projectMembers.createdAt,
      updatedAt: projectMembers.updatedAt,
    })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(eq(projectMembers.projectId, projectId))
    .orderBy(asc(projectMembers.createdAt), asc(users.email));
}
