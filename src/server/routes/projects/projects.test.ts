import { describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../../db/repositories/audit-events.js';
import { upsertCustomRole } from '../../../db/repositories/roles.js';
import { TEST_DATABASES } from '../../../db/test-support/databases.js';
import { type SignedInUser, useTestApp } from '../../test-support/test-app.js';

describe.each(TEST_DATABASES)('project routes %s', (_name, target) => {
  const t = useTestApp({ target });

  async function call(
    who: SignedInUser | null,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ) {
    return t().app.inject({
      method,
      url,
      headers: { ...who?.headers, 'user-agent': 'projects-test/1.0' },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  }

  async function createProject(who: SignedInUser, body: Record<string, unknown>) {
    const response = await call(who, 'POST', '/api/v1/projects', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; slug: string };
  }

  it('creates a project whose creator becomes its maintainer, and lists projects per caller', async () => {
    const { developer, maintainer, admin } = await t().signInEveryRole();
    const created = await createProject(developer, { name: 'Billing Service (v2)', description: 'Invoices' });
    expect(created).toMatchObject({
      slug: 'billing-service-v2',
      name: 'Billing Service (v2)',
      description: 'Invoices',
      createdBy: developer.user.id,
      role: 'maintainer',
    });
    const mine = (await call(developer, 'GET', '/api/v1/projects')).json();
    expect(mine).toMatchObject({ items: [{ id: created.id, role: 'maintainer' }], nextOffset: null });
    expect((await call(maintainer, 'GET', '/api/v1/projects')).json().items).toEqual([]);
    const all = (await call(admin, 'GET', '/api/v1/projects')).json();
    expect(all.items).toEqual([expect.objectContaining({ id: created.id, role: 'admin' })]);
    expect(JSON.stringify(all)).not.toContain('createdByUser');
  });

  it('pages the project list without a count query', async () => {
    const developer = await t().signIn('developer');
    for (const name of ['one', 'two', 'three']) {
      await createProject(developer, { name });
      t().clock.advance(1000);
    }
    const first = (await call(developer, 'GET', '/api/v1/projects?limit=2')).json();
    expect(first.items.map((p: { name: string }) => p.name)).toEqual(['three', 'two']);
    expect(first.nextOffset).toBe(2);
    const second = (await call(developer, 'GET', '/api/v1/projects?limit=2&offset=2')).json();
    expect(second).toMatchObject({ items: [{ name: 'one' }], nextOffset: null });
    expect((await call(developer, 'GET', '/api/v1/projects?limit=0')).statusCode).toBe(400);
  });

  it('refuses taken slugs, bad slugs, names without a slug, and unknown fields', async () => {
    const developer = await t().signIn('developer');
    await createProject(developer, { name: 'API', slug: 'api' });
    const taken = await call(developer, 'POST', '/api/v1/projects', { name: 'Another', slug: 'api' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'ECTUS_CONFLICT', details: { slug: 'api' } });
    expect((await call(developer, 'POST', '/api/v1/projects', { name: 'x', slug: 'Not A Slug' })).statusCode).toBe(400);
    const symbols = await call(developer, 'POST', '/api/v1/projects', { name: '!!!' });
    expect(symbols.json().error).toMatchObject({ code: 'ECTUS_VALIDATION', details: [{ path: '/slug' }] });
    const extra = await call(developer, 'POST', '/api/v1/projects', { name: 'x', owner: 'someone-else' });
    expect(extra.json().error.code).toBe('ECTUS_VALIDATION');
  });

  it('reads and updates a project by membership; administrators reach any project', async () => {
    const { developer, viewer, admin } = await t().signInEveryRole();
    const created = await createProject(developer, { name: 'Docs' });
    await t().addMember(created.id, viewer.user.id, 'viewer');
    expect((await call(viewer, 'GET', `/api/v1/projects/${created.id}`)).json()).toMatchObject({ role: 'viewer' });
    expect((await call(viewer, 'PATCH', `/api/v1/projects/${created.id}`, { name: 'Mine now' })).statusCode).toBe(403);
    t().clock.advance(60_000);
    const renamed = await call(developer, 'PATCH', `/api/v1/projects/${created.id}`, { description: 'Guides' });
    expect(renamed.json()).toMatchObject({ name: 'Docs', slug: 'docs', description: 'Guides' });
    expect(new Date(renamed.json().updatedAt).getTime()).toBe(t().clock.now().getTime());
    expect((await call(developer, 'PATCH', `/api/v1/projects/${created.id}`, {})).statusCode).toBe(400);
    expect((await call(admin, 'GET', `/api/v1/projects/${created.id}`)).json()).toMatchObject({ role: 'admin' });
    const unknown = await call(admin, 'GET', '/api/v1/projects/7a0c3c47-5f6e-4a59-9d55-0b8f1f0c8f11');
    expect(unknown.statusCode).toBe(404);
    expect((await call(admin, 'GET', '/api/v1/projects/not-an-id')).statusCode).toBe(404);
  });

  it('deletes a project and audits who, what, when and from where', async () => {
    const maintainer = await t().signIn('maintainer');
    const created = await createProject(maintainer, { name: 'Legacy', slug: 'legacy' });
    const deleted = await call(maintainer, 'DELETE', `/api/v1/projects/${created.id}`);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await call(maintainer, 'GET', `/api/v1/projects/${created.id}`)).statusCode).toBe(403);
    const [event] = await listAuditEvents(t().db, { action: 'project.delete' });
    expect(event).toMatchObject({
      actorUserId: maintainer.user.id,
      actor: maintainer.email,
      targetType: 'project',
      targetId: created.id,
      ip: '127.0.0.1',
      userAgent: 'projects-test/1.0',
      requestId: deleted.headers['x-request-id'],
      details: { slug: 'legacy', name: 'Legacy' },
    });
    expect(event?.at).toEqual(t().clock.now());
  });

  it('adds members by email or id, changes their role and removes them, audited', async () => {
    const owner = await t().signIn('developer');
    const colleague = await t().createUser({ role: 'viewer', email: 'Colleague@Example.com' });
    const project = await createProject(owner, { name: 'Team' });
    const url = `/api/v1/projects/${project.id}/members`;
    const added = await call(owner, 'POST', url, { email: 'colleague@example.com', role: 'developer' });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({
      userId: colleague.user.id,
      email: 'Colleague@Example.com',
      role: 'developer',
    });
    t().clock.advance(1000);
    expect((await call(owner, 'POST', url, { userId: colleague.user.id, role: 'viewer' })).statusCode).toBe(409);
    expect((await call(owner, 'POST', url, { email: 'nobody@example.com', role: 'viewer' })).statusCode).toBe(404);
    const badRole = await call(owner, 'POST', url, { email: 'colleague@example.com', role: 'superuser' });
    expect(badRole.json().error).toMatchObject({ code: 'ECTUS_VALIDATION', details: [{ path: '/role' }] });
    expect((await call(owner, 'POST', url, { role: 'viewer' })).statusCode).toBe(400);

    const changed = await call(owner, 'PATCH', `${url}/${colleague.user.id}`, { role: 'maintainer' });
    expect(changed.json()).toMatchObject({ userId: colleague.user.id, role: 'maintainer' });
    t().clock.advance(1000);
    const list = (await call(owner, 'GET', url)).json();
    expect(list.items.map((m: { role: string }) => m.role)).toEqual(['maintainer', 'maintainer']);
    expect((await call(owner, 'DELETE', `${url}/${colleague.user.id}`)).statusCode).toBe(204);
    expect((await call(owner, 'DELETE', `${url}/${colleague.user.id}`)).statusCode).toBe(404);

    const events = await listAuditEvents(t().db, { action: 'project.member.*' });
    expect(events.map((e) => [e.action, e.details])).toEqual([
      ['project.member.remove', { userId: colleague.user.id, role: 'maintainer' }],
      ['project.member.role', { userId: colleague.user.id, from: 'developer', to: 'maintainer' }],
      ['project.member.add', { userId: colleague.user.id, email: 'Colleague@Example.com', role: 'developer' }],
    ]);
    expect(events.every((e) => e.actor === owner.email && e.targetId === project.id)).toBe(true);
  });

  it('keeps one member who can manage the project', async () => {
    const owner = await t().signIn('developer');
    const other = await t().createUser({ role: 'developer' });
    const project = await createProject(owner, { name: 'Solo' });
    const self = `/api/v1/projects/${project.id}/members/${owner.user.id}`;
    const demote = await call(owner, 'PATCH', self, { role: 'viewer' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe('ECTUS_CONFLICT');
    expect((await call(owner, 'DELETE', self)).statusCode).toBe(409);
    await call(owner, 'POST', `/api/v1/projects/${project.id}/members`, { userId: other.user.id, role: 'maintainer' });
    expect((await call(owner, 'DELETE', self)).statusCode).toBe(204);
    expect((await call(owner, 'GET', `/api/v1/projects/${project.id}`)).statusCode).toBe(403);
  });

  it('lets a member grant only roles within their own project permissions', async () => {
    await upsertCustomRole(t().db, {
      name: 'triager',
      description: 'Manages members, reads projects.',
      permissions: ['projects:read', 'members:read', 'members:write'],
      now: t().clock.now(),
    });
    await t().deps.roles.reload();
    const owner = await t().signIn('developer');
    const triager = await t().signIn('viewer');
    const newcomer = await t().createUser({ role: 'viewer' });
    const project = await createProject(owner, { name: 'Triage' });
    await t().addMember(project.id, triager.user.id, 'triager');
    const url = `/api/v1/projects/${project.id}/members`;
    const escalate = await call(triager, 'POST', url, { userId: newcomer.user.id, role: 'developer' });
    expect(escalate.statusCode).toBe(403);
    expect(escalate.json().error.details.permissions).toEqual([
      'scans:read',
      'scans:create',
      'generations:read',
      'generations:create',
    ]);
    expect((await call(triager, 'POST', url, { userId: newcomer.user.id, role: 'triager' })).statusCode).toBe(201);
    expect((await call(triager, 'DELETE', `${url}/${owner.user.id}`)).statusCode).toBe(403);
    expect((await call(triager, 'PATCH', `${url}/${triager.user.id}`, { role: 'maintainer' })).statusCode).toBe(403);
  });
});
