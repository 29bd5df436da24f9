import { describe, expect, it } from 'vitest';
import { TEST_DATABASES, useTestDatabase } from '../test-support/databases.js';
import { makeProject, makeUser, minutesAfter, T0 } from '../test-support/fixtures.js';
import {
  deleteProject,
  findMemberRole,
  findProjectById,
  findProjectBySlug,
  insertProject,
  listMembers,
  listProjects,
  listProjectsForUser,
  removeMember,
  updateProject,
  upsertMember,
} from './projects.js';
import { deleteUser } from './users.js';

describe.each(TEST_DATABASES)('projects repository %s', (_name, target) => {
  const database = useTestDatabase(target);

  it('creates a project with its owner as a member in one step, and finds it by id and slug', async () => {
    const { db } = database();
    const owner = await makeUser(db, { email: 'owner@example.com' });
    const project = await insertProject(db, {
      slug: 'payments',
      name: 'Payments',
      description: 'Card processing',
      createdBy: owner.id,
      owner: { userId: owner.id, role: 'maintainer' },
      now: T0,
    });
    expect(project).toMatchObject({ slug: 'payments', description: 'Card processing', createdAt: T0 });
    expect((await findProjectBySlug(db, 'payments'))?.id).toBe(project?.id);
    expect((await findProjectById(db, project!.id))?.name).toBe('Payments');
    expect(await findMemberRole(db, project!.id, owner.id)).toBe('maintainer');
    expect(await findProjectById(db, "x' OR 1=1")).toBeNull();
  });

  it('refuses a taken slug and leaves no member behind', async () => {
    const { db } = database();
    const owner = await makeUser(db);
    const other = await makeUser(db);
    await makeProject(db, owner, { slug: 'taken' });
    const again = await insertProject(db, {
      slug: 'taken',
      name: 'Again',
      createdBy: other.id,
      owner: { userId: other.id, role: 'maintainer' },
      now: T0,
    });
    expect(again).toBeNull();
    expect(await listProjectsForUser(db, other.id)).toEqual([]);
  });

  it("rolls the project back when its owner's membership cannot be stored", async () => {
    const { db } = database();
    const owner = await makeUser(db);
    await expect(
      insertProject(db, {
        slug: 'half',
        name: 'Half',
        createdBy: owner.id,
        owner: { userId: owner.id, role: 'no-such-role' },
        now: T0,
      }),
    ).rejects.toThrow();
    expect(await findProjectBySlug(db, 'half')).toBeNull();
  });

  it("lists a user's projects with their role, newest first, and all projects for administrators", async () => {
    const { db } = database();
    const alice = await makeUser(db);
    const bob = await makeUser(db);
    const first = await makeProject(db, alice, { now: T0 });
    const second = await makeProject(db, bob, { now: minutesAfter(T0, 1) });
    await upsertMember(db, { projectId: second.id, userId: alice.id, role: 'viewer', addedBy: bob.id, now: T0 });
    const mine = await listProjectsForUser(db, alice.id);
    expect(mine.map((project) => [project.id, project.role])).toEqual([
      [second.id, 'viewer'],
      [first.id, 'maintainer'],
    ]);
    expect((await listProjectsForUser(db, alice.id, { limit: 1, offset: 1 })).map((p) => p.id)).toEqual([first.id]);
    expect((await listProjects(db)).map((project) => project.id)).toEqual([second.id, first.id]);
  });

  it('updates name and description', async () => {
    const { db } = database();
    const project = await makeProject(db, null);
    const updated = await updateProject(db, project.id, { description: 'New text' }, minutesAfter(T0, 3));
    expect(updated).toMatchObject({ name: project.name, description: 'New text', updatedAt: minutesAfter(T0, 3) });
  });

  it('adds, changes and removes members, listing them with their email', async () => {
    const { db } = database();
    const owner = await makeUser(db, { email: 'owner@example.com', now: T0 });
    const dev = await makeUser(db, { email: 'dev@example.com' });
    const project = await makeProject(db, owner);
    await upsertMember(db, {
      projectId: project.id,
      userId: dev.id,
      role: 'developer',
      addedBy: owner.id,
      now: minutesAfter(T0, 1),
    });
    const changed = await upsertMember(db, {
      projectId: project.id,
      userId: dev.id,
      role: 'viewer',
      addedBy: owner.id,
      now: minutesAfter(T0, 2),
    });
    expect(changed).toMatchObject({ role: 'viewer', createdAt: minutesAfter(T0, 1), updatedAt: minutesAfter(T0, 2) });
    expect((await listMembers(db, project.id)).map((m) => [m.email, m.role])).toEqual([
      ['owner@example.com', 'maintainer'],
      ['dev@example.com', 'viewer'],
    ]);
    expect(await removeMember(db, project.id, dev.id)).toBe(true);
    expect(await removeMember(db, project.id, dev.id)).toBe(false);
    expect(await findMemberRole(db, project.id, dev.id)).toBeNull();
  });

  it('deletes a project with its members; deleting the creator keeps the project', async () => {
    const { db } = database();
    const owner = await makeUser(db);
    const project = await makeProject(db, owner);
    const kept = await makeProject(db, owner);
    expect(await deleteProject(db, project.id)).toBe(true);
    expect(await deleteProject(db, project.id)).toBe(false);
    expect(await listMembers(db, project.id)).toEqual([]);
    await deleteUser(db, owner.id);
    expect(await findProjectById(db, kept.id)).toMatchObject({ createdBy: null });
  });
});
